package org.assisted.imageservice.iso;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * The image (or a file inside it) does not have the structure this service relies on: a corrupt or truncated
 * ISO 9660 image, an unsupported feature (multi-extent files, a logical block size other than 2048), or a
 * malformed CoreOS metadata file ({@code coreos/igninfo.json}, {@code coreos/kargs.json}).
 */
public class IsoFormatException extends IOException {

    private final long offset;

    /**
     * @param offset  absolute byte offset in the image where the problem was found
     * @param message what is wrong; the offset is appended
     */
    public IsoFormatException(long offset, String message) {
        super(message + " (at image offset " + offset + ")");
        this.offset = offset;
    }

    /** A problem that is not tied to one position in the image, e.g. a missing file. */
    public IsoFormatException(String message) {
        super(message);
        this.offset = -1;
    }

    /** @return the absolute byte offset in the image, if the problem has one */
    public OptionalLong offset() {
        return offset < 0 ? OptionalLong.empty() : OptionalLong.of(offset);
    }
}

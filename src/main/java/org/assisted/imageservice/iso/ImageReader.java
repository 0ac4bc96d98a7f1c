package org.assisted.imageservice.iso;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.assisted.imageservice.io.ChannelIo;

/** Bounds-checked positional reads from an image; never allocates more than the caller's limit. */
public final class ImageReader {

    private final FileChannel channel;
    private final long size;

    public ImageReader(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    public long size() {
        return size;
    }

    /**
     * Reads {@code length} bytes at {@code offset}.
     *
     * @param what names the structure for the error message
     * @throws IsoFormatException if the range is negative or lies (partly) outside the image
     */
    public byte[] read(long offset, long length, String what) throws IOException {
        requireInside(offset, length, what);
        byte[] bytes = new byte[(int) length];
        ChannelIo.readFully(channel, ByteBuffer.wrap(bytes), offset,
                at -> new IsoFormatException(at, what + ": image ended early"));
        return bytes;
    }

    /** Checks that {@code [offset, offset + length)} lies inside the image and fits in one array. */
    public void requireInside(long offset, long length, String what) throws IsoFormatException {
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE - 8 || offset > size || length > size - offset) {
            throw new IsoFormatException(Math.max(offset, 0), what + " of " + length + " bytes at offset " + offset
                    + " lies outside the " + size + "-byte image");
        }
    }

    /**
     * Reads the whole content of a file inside the image.
     *
     * @param maxBytes largest accepted file size
     * @throws IsoFormatException if the file is larger than {@code maxBytes} or outside the image
     */
    public byte[] readFile(IsoFile file, int maxBytes) throws IOException {
        if (file.size() > maxBytes) {
            throw new IsoFormatException(file.offset(), file.path() + " is " + file.size()
                    + " bytes, more than the " + maxBytes + " accepted");
        }
        return read(file.offset(), file.size(), file.path());
    }
}

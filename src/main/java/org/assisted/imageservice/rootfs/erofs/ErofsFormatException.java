package org.assisted.imageservice.rootfs.erofs;

import java.io.IOException;

/** An EROFS image is malformed, truncated or uses an on-disk feature this reader does not support. */
public final class ErofsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ErofsFormatException(String message) {
        super(message);
    }

    public ErofsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.assisted.imageservice.rootfs;

import java.io.IOException;

/**
 * A rootfs image (the cpio wrapper or the filesystem inside it) is malformed, truncated or uses a
 * feature this reader does not support. The message names the offset or structure involved.
 */
public class RootfsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public RootfsFormatException(String message) {
        super(message);
    }

    public RootfsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

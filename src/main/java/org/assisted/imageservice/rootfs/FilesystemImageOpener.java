package org.assisted.imageservice.rootfs;

import java.io.IOException;
import java.nio.channels.FileChannel;


/**
 * Opens a {@link FilesystemImage} stored at {@code [offset, offset + length)} of a channel the
 * caller owns, e.g. {@code SquashfsImage::open}.
 */
@FunctionalInterface
public interface FilesystemImageOpener {

    FilesystemImage open(FileChannel channel, long offset, long length) throws IOException;
}

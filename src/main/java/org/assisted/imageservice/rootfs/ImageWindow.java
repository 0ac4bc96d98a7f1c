package org.assisted.imageservice.rootfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import org.assisted.imageservice.io.ChannelIo;

/**
 * A byte range {@code [offset, offset + length)} of a file read with positional reads, so several
 * windows can share one channel. Positions passed to {@link #read} are relative to the window.
 */
public final class ImageWindow {

    private final FileChannel channel;
    private final long offset;
    private final long length;

    private ImageWindow(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.offset = offset;
        this.length = length;
    }

    public static ImageWindow of(FileChannel channel, long offset, long length) throws IOException {
        long channelSize = channel.size();
        if (offset < 0 || length < 0 || offset > channelSize || length > channelSize - offset) {
            throw new RootfsFormatException("window at offset " + offset + " of length " + length
                    + " lies outside the file of " + channelSize + " bytes");
        }
        return new ImageWindow(channel, offset, length);
    }

    long length() {
        return length;
    }

    /** Fills {@code dst[off, off + len)} from window position {@code position}. */
    public void read(long position, byte[] dst, int off, int len) throws IOException {
        if (position < 0 || len < 0 || position > length || len > length - position) {
            throw new RootfsFormatException("read of " + len + " bytes at offset " + position
                    + " runs past the end of the " + length + "-byte image");
        }
        ChannelIo.readFully(channel, ByteBuffer.wrap(dst, off, len), offset + position,
                at -> new RootfsFormatException("file ended at offset " + at + " inside the image window"));
    }
}

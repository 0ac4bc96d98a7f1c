package org.assisted.imageservice.rootfs.erofs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

import org.assisted.imageservice.io.ChannelIo;

/** Bounded positional reads from the window {@code [offset, offset + length)} of a file holding an EROFS image. */
final class ErofsSource {

    private static final int COPY_BUFFER_BYTES = 64 * 1024;

    private final FileChannel channel;
    private final long offset;
    private final long length;

    ErofsSource(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.offset = offset;
        this.length = length;
    }

    long length() {
        return length;
    }

    /** Reads {@code size} bytes at image position {@code position}, failing if any of them lies outside the image. */
    byte[] read(long position, long size) throws IOException {
        checkRange(position, size);
        if (size > Integer.MAX_VALUE - 8) {
            throw new ErofsFormatException("read of " + size + " bytes at offset " + position + " is too large");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        readFully(position, buffer);
        return buffer.array();
    }

    /** Like {@link #read} but wrapped little-endian, as every EROFS on-disk field is. */
    ByteBuffer readLittleEndian(long position, int size) throws IOException {
        return ByteBuffer.wrap(read(position, size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies {@code size} image bytes starting at {@code position} to {@code out}. */
    void copy(long position, long size, OutputStream out) throws IOException {
        checkRange(position, size);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, COPY_BUFFER_BYTES));
        long done = 0;
        while (done < size) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), size - done));
            readFully(position + done, buffer);
            out.write(buffer.array(), 0, buffer.limit());
            done += buffer.limit();
        }
    }

    void checkRange(long position, long size) throws ErofsFormatException {
        if (position < 0 || size < 0 || position > length || size > length - position) {
            throw new ErofsFormatException("range of " + size + " bytes at offset " + position
                    + " lies outside the " + length + "-byte image");
        }
    }

    private void readFully(long position, ByteBuffer buffer) throws IOException {
        ChannelIo.readFully(channel, buffer, offset + position,
                at -> new ErofsFormatException("image file ends before offset " + (at - offset)));
    }
}

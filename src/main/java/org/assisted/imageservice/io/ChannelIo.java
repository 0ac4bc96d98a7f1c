package org.assisted.imageservice.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.function.LongFunction;

/**
 * Reads that fill a whole buffer from a file position and writes that drain a whole buffer: the loops a single
 * {@code read}/{@code write} call needs, since either may transfer fewer bytes than asked.
 */
public final class ChannelIo {

    private ChannelIo() {
    }

    /**
     * Fills the remaining bytes of {@code buffer} from {@code channel} starting at file offset {@code offset},
     * without moving the channel's own position.
     *
     * @param endedAt makes the exception thrown when the file ends first, from the file offset where it ended, so
     *                that each format keeps its own exception type and message
     * @throws E if the file ends before the buffer is full
     */
    public static <E extends Exception> void readFully(FileChannel channel, ByteBuffer buffer, long offset,
            LongFunction<E> endedAt) throws IOException, E {
        long position = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw endedAt.apply(position);
            }
            position += n;
        }
    }

    /** Writes all remaining bytes of {@code buffer} to {@code out}. */
    public static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}

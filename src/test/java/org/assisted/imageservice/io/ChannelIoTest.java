package org.assisted.imageservice.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelIoTest {

    @TempDir
    Path dir;

    @Test
    void readsFullyAtAnOffsetWithoutMovingTheChannel() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(4);
            ChannelIo.readFully(channel, buffer, 5, at -> new EOFException("ended at " + at));
            assertArrayEquals(new byte[] {5, 6, 7, 8}, buffer.array());
            assertEquals(0, channel.position());
        }
    }

    @Test
    void aShortFileFailsWithTheCallersExceptionNamingTheOffsetWhereItEnded() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[10]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(8);
            EOFException e = assertThrows(EOFException.class,
                    () -> ChannelIo.readFully(channel, buffer, 6, at -> new EOFException("ended at " + at)));
            assertEquals("ended at 10", e.getMessage());
            assertEquals(4, buffer.position());
        }
    }

    @Test
    void writesEveryByteToAChannelThatTakesFewerPerCall() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        WritableByteChannel inner = Channels.newChannel(sink);
        WritableByteChannel oneAtATime = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer source) throws IOException {
                ByteBuffer one = source.slice().limit(Math.min(1, source.remaining()));
                int n = inner.write(one);
                source.position(source.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        ChannelIo.writeFully(oneAtATime, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}, 1, 3));
        assertArrayEquals(new byte[] {2, 3, 4}, sink.toByteArray());
    }
}

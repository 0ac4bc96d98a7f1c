package org.assisted.imageservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CopyBufferPoolTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void sizeIsASixteenthOfTheDirectMemoryLimitWithinBounds() {
        assertEquals(8, CopyBufferPool.buffersFor(4 * MIB));
        assertEquals(16, CopyBufferPool.buffersFor(16 * MIB));
        assertEquals(64, CopyBufferPool.buffersFor(64 * MIB));
        assertEquals(256, CopyBufferPool.buffersFor(256 * MIB));
        assertEquals(256, CopyBufferPool.buffersFor(64L * 1024 * MIB));
        assertTrue(CopyBufferPool.directMemoryLimit() > 0);
        assertTrue(CopyBufferPool.SHARED.capacity() >= 8 && CopyBufferPool.SHARED.capacity() <= 256);
    }

    @Test
    void buffersAreReusedAndAnExhaustedPoolMakesTheNextTakeWait() throws Exception {
        CopyBufferPool pool = new CopyBufferPool(2, Duration.ofSeconds(5));
        ByteBuffer first = pool.take();
        ByteBuffer second = pool.take();
        assertTrue(first.isDirect());
        assertEquals(CopyBufferPool.BUFFER_BYTES, first.capacity());
        assertEquals(2, pool.inUse());

        CompletableFuture<ByteBuffer> third = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.take();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertTrue(!third.isDone(), "a third take must wait while both buffers are lent");
        first.put((byte) 1);
        pool.give(first);
        ByteBuffer reused = third.get(5, TimeUnit.SECONDS);
        assertSame(first, reused);
        assertEquals(0, reused.position(), "a returned buffer is cleared");
        assertEquals(1, pool.waits());
        pool.give(second);
        pool.give(reused);
        assertEquals(0, pool.inUse());
    }

    @Test
    void aTakeThatWaitsTooLongFailsInsteadOfWaitingForEver() throws IOException {
        CopyBufferPool pool = new CopyBufferPool(1, Duration.ofMillis(100));
        ByteBuffer only = pool.take();
        IOException failure = assertThrows(IOException.class, pool::take);
        assertTrue(failure.getMessage().contains("no copy buffer free"), failure.getMessage());
        pool.give(only);
        List<ByteBuffer> again = new ArrayList<>(List.of(pool.take()));
        assertSame(only, again.get(0));
    }
}

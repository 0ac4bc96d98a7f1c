package org.assisted.imageservice.http;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.overlay.CopyBuffers;

/**
 * The direct buffers every download copies through: a fixed number, shared by all responses, allocated on first
 * use and kept. A response holds one only while it reads a chunk from the file and hands it to the container,
 * never while it waits for a slow client (see {@link OverlayStreamingOutput}), so a few dozen serve thousands of
 * downloads and the pool's size is a budget, not a product of the number of clients. The budget is a sixteenth of
 * the JVM's direct-memory limit ({@code -XX:MaxDirectMemorySize}, by default the heap limit), between 8 and 256
 * buffers. When every buffer is lent, a response waits for one; after 30 seconds it fails with an
 * {@link IOException} (the connection is closed, as for any write error) instead of waiting for ever.
 */
public final class CopyBufferPool implements CopyBuffers {

    /** Bytes per buffer, and so per chunk read from a file: a 64 KiB socket write buffer takes one whole. */
    public static final int BUFFER_BYTES = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MIN_BUFFERS = 8;
    private static final int MAX_BUFFERS = 256;
    private static final Logger LOG = Logger.getLogger(CopyBufferPool.class.getName());

    /** The pool of this web application. */
    public static final CopyBufferPool SHARED = new CopyBufferPool(buffersFor(directMemoryLimit()), WAIT);

    private final int capacity;
    private final Duration wait;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicLong waits = new AtomicLong();

    CopyBufferPool(int capacity, Duration wait) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.wait = wait;
        this.permits = new Semaphore(capacity);
    }

    /** Buffers for a direct-memory limit of {@code limitBytes}. */
    static int buffersFor(long limitBytes) {
        long buffers = limitBytes / 16 / BUFFER_BYTES;
        return (int) Math.max(MIN_BUFFERS, Math.min(MAX_BUFFERS, buffers));
    }

    /** {@code -XX:MaxDirectMemorySize}, or the heap limit when it is not set (the JVM's rule). */
    static long directMemoryLimit() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long configured = Long.parseLong(vm.getVMOption("MaxDirectMemorySize").getValue());
            return configured > 0 ? configured : Runtime.getRuntime().maxMemory();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "MaxDirectMemorySize not readable; assuming the heap limit", e);
            return Runtime.getRuntime().maxMemory();
        }
    }

    @Override
    public ByteBuffer take() throws IOException {
        if (!permits.tryAcquire()) {
            waits.incrementAndGet();
            try {
                if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IOException("no copy buffer free after " + wait.toMillis() + " ms (all " + capacity
                            + " lent)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for a copy buffer");
            }
        }
        ByteBuffer buffer = free.poll();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(BUFFER_BYTES);
    }

    @Override
    public void give(ByteBuffer buffer) {
        buffer.clear();
        free.offer(buffer);
        permits.release();
    }

    public int capacity() {
        return capacity;
    }

    public int inUse() {
        return capacity - permits.availablePermits();
    }

    /** How many takes found no buffer free and had to wait. */
    public long waits() {
        return waits.get();
    }
}

package org.assisted.imageservice.assisted;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the HTTP client's daemon threads ({@code <prefix>-<n>}) and remembers them, so that closing the client
 * can wait until they have ended: HttpClient's {@code close} only asks its reactor and executor threads to stop,
 * and a thread still running when the web application stops keeps its class loader alive.
 */
final class OwnedThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    OwnedThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    /** @return whether every thread ended within {@code timeout} (shared by all of them) */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long remainingMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            thread.join(remainingMillis);
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}

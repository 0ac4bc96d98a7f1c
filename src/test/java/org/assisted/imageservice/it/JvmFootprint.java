package org.assisted.imageservice.it;

import java.time.Duration;
import java.util.List;

/**
 * Open file descriptors and live threads of the Arquillian Tomcat's JVM. A settled measurement runs a GC first
 * and gives cleaners a moment, so that descriptors held only by unreachable objects are not counted as leaks.
 * Threads of the JMX connection that takes the measurement come and go with it and are not counted.
 *
 * @param fileDescriptors open descriptors of the process
 * @param threads         live threads, without those of the JMX connection
 */
record JvmFootprint(long fileDescriptors, long threads) {

    private static final Duration CLEANER_PAUSE = Duration.ofMillis(500);
    private static final long POLL_MILLIS = 200;
    private static final List<String> JMX_THREAD_PREFIXES = List.of("RMI ", "JMX ");

    static JvmFootprint current(TomcatJvm jvm) {
        long threads = jvm.threadNames().stream()
                .filter(name -> JMX_THREAD_PREFIXES.stream().noneMatch(name::startsWith)).count();
        return new JvmFootprint(jvm.openFileDescriptors(), threads);
    }

    static JvmFootprint settled(TomcatJvm jvm) throws InterruptedException {
        jvm.gc();
        Thread.sleep(CLEANER_PAUSE.toMillis());
        return current(jvm);
    }

    /**
     * Polls settled measurements until neither count exceeds {@code limit}.
     *
     * @return the last measurement, within {@code limit} unless {@code timeout} passed first
     */
    static JvmFootprint awaitAtMost(TomcatJvm jvm, JvmFootprint limit, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JvmFootprint now = settled(jvm);
        while (!now.within(limit) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            now = settled(jvm);
        }
        return now;
    }

    /** This footprint plus the given slack on each count. */
    JvmFootprint plus(long extraFileDescriptors, long extraThreads) {
        return new JvmFootprint(fileDescriptors + extraFileDescriptors, threads + extraThreads);
    }

    boolean within(JvmFootprint limit) {
        return fileDescriptors <= limit.fileDescriptors && threads <= limit.threads;
    }
}

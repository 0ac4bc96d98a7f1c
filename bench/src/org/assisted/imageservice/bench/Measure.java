package org.assisted.imageservice.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The client side of each scenario; every method returns one sample. */
final class Measure {

    static final long MIB = 1024 * 1024;
    static final int RANGE_BYTES = 64 * 1024;

    /** Something to GET: a port and a path with query. */
    record Target(String name, int port, String path) {
    }

    private Measure() {
    }

    /** {@code clients} concurrent full downloads; aggregate MiB/s over the wall time of all of them. */
    static double throughput(Target target, int clients, long expectedBytes) throws Exception {
        return throughput(target, clients, expectedBytes, 1);
    }

    /** Each client downloads the body {@code downloads} times in a row, one connection each; aggregate MiB/s. */
    static double throughput(Target target, int clients, long expectedBytes, int downloads) throws Exception {
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            tasks.add(() -> {
                long received = 0;
                for (int d = 0; d < downloads; d++) {
                    try (RawHttp http = new RawHttp(target.port(), (int) MIB)) {
                        RawHttp.Result result = http.get(target.path(), null, Long.MAX_VALUE, 0);
                        check(target, result, 200, expectedBytes);
                        received += result.bodyBytes();
                    }
                }
                return received;
            });
        }
        long start = System.nanoTime();
        long bytes = 0;
        for (long b : runAll(tasks)) {
            bytes += b;
        }
        return bytes / (double) MIB / ((System.nanoTime() - start) / 1e9);
    }

    /** Offsets of {@code count} random {@link #RANGE_BYTES} reads, 2048-aligned, the same for every target. */
    static List<Long> rangeOffsets(long size, int count, long seed) {
        Random random = new Random(seed);
        List<Long> offsets = new ArrayList<>(count);
        long sectors = (size - RANGE_BYTES) / 2048;
        for (int i = 0; i < count; i++) {
            offsets.add((long) (random.nextDouble() * sectors) * 2048);
        }
        return offsets;
    }

    /** The reads spread over {@code connections} keep-alive connections; requests per second. */
    static double rangeReads(Target target, List<Long> offsets, int connections) throws Exception {
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            List<Long> mine = offsets.subList(c * offsets.size() / connections, (c + 1) * offsets.size() / connections);
            tasks.add(() -> {
                try (RawHttp http = new RawHttp(target.port(), RANGE_BYTES * 2)) {
                    for (long offset : mine) {
                        String range = "bytes=" + offset + "-" + (offset + RANGE_BYTES - 1);
                        check(target, http.get(target.path(), range, Long.MAX_VALUE, 0), 206, RANGE_BYTES);
                    }
                }
                return (long) mine.size();
            });
        }
        long start = System.nanoTime();
        long done = runAll(tasks).stream().mapToLong(Long::longValue).sum();
        return done / ((System.nanoTime() - start) / 1e9);
    }

    /** Milliseconds from connect to the first response byte of a full GET on a fresh connection. */
    static double timeToFirstByte(Target target) throws IOException {
        try (RawHttp http = new RawHttp(target.port(), 64 * 1024)) {
            RawHttp.Result result = http.get(target.path(), null, 1, 0);
            if (result.status() != 200) {
                throw new IOException(target.name() + " answered " + result.status());
            }
            return result.firstByteNanos() / 1e6;
        }
    }

    static void check(Target target, RawHttp.Result result, int status, long bytes) throws IOException {
        if (result.status() != status || result.bodyBytes() != bytes) {
            throw new IOException(target.name() + ": expected " + status + " with " + bytes + " bytes, got "
                    + result.status() + " with " + result.bodyBytes());
        }
    }

    static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

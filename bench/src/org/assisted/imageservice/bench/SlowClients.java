package org.assisted.imageservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many concurrent downloads read at a fixed slow rate, while Tomcat's RSS and thread count are
 * sampled from /proc every 500 ms and its heap is read from the GC log.
 */
final class SlowClients {

    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern FULL_GC = Pattern.compile("Pause Full \\(Diagnostic Command\\) (\\d+)M->(\\d+)M");
    /** Clients start this far apart, as machines booting at once still do not send in the same millisecond. */
    private static final long START_SPACING_MILLIS = 10;

    /** What one run saw. */
    record Outcome(int clients, int ok, int belowPace, long maxRssKib, int maxThreads, long maxHeapAfterGcMib,
                   long maxHeapBeforeGcMib, long liveHeapMib, boolean outOfMemory) {
    }

    private SlowClients() {
    }

    static Outcome run(Measure.Target target, int clients, long bytesPerSecond, int seconds, long pid, Path gcLog,
                       Path catalinaOut) throws Exception {
        long gcLogStart = Files.exists(gcLog) ? Files.size(gcLog) : 0;
        long[] maxRss = {0};
        int[] maxThreads = {0};
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                sample(pid, maxRss, maxThreads);
                Tomcat.sleep(500);
            }
        });
        sampler.start();
        long bodyBytes = bytesPerSecond * seconds;
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            long delay = i * START_SPACING_MILLIS;
            tasks.add(() -> {
                Tomcat.sleep(delay);
                try (RawHttp http = new RawHttp(target.port(), 64 * 1024)) {
                    RawHttp.Result result = http.get(target.path(), null, bodyBytes, bytesPerSecond);
                    if (result.status() != 200) {
                        return -1L;
                    }
                    return result.totalNanos() <= seconds * 1_100_000_000L ? 1L : 0L;
                } catch (IOException e) {
                    return -1L;
                }
            });
        }
        Thread fullGc = new Thread(() -> {
            Tomcat.sleep(clients * START_SPACING_MILLIS + seconds * 500L);
            try {
                new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("jcmd GC.run failed", e);
            }
        });
        fullGc.start();
        List<Long> results = Measure.runAll(tasks);
        fullGc.join();
        running.set(false);
        sampler.join();
        int ok = (int) results.stream().filter(r -> r >= 0).count();
        int onPace = (int) results.stream().filter(r -> r == 1).count();
        long[] heap = heapFromGcLog(gcLog, gcLogStart);
        // the class name, not the flag: Tomcat logs the JVM's command line, -XX:+ExitOnOutOfMemoryError included
        boolean oom = Files.readString(catalinaOut).contains("java.lang.OutOfMemoryError");
        return new Outcome(clients, ok, ok - onPace, maxRss[0], maxThreads[0], heap[1], heap[0], heap[2], oom);
    }

    private static void sample(long pid, long[] maxRss, int[] maxThreads) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    maxRss[0] = Math.max(maxRss[0], Long.parseLong(line.replaceAll("\\D", "")));
                } else if (line.startsWith("Threads:")) {
                    maxThreads[0] = Math.max(maxThreads[0], Integer.parseInt(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
    }

    /**
     * Largest heap occupancy before and after a collection logged since {@code offset}, and the heap
     * left by the full collection requested mid-run (the live set), in MiB.
     */
    static long[] heapFromGcLog(Path gcLog, long offset) throws IOException {
        String text = Files.readString(gcLog);
        Matcher matcher = GC_HEAP.matcher(text.substring((int) Math.min(offset, text.length())));
        long before = 0;
        long after = 0;
        while (matcher.find()) {
            before = Math.max(before, Long.parseLong(matcher.group(1)));
            after = Math.max(after, Long.parseLong(matcher.group(2)));
        }
        Matcher full = FULL_GC.matcher(text.substring((int) Math.min(offset, text.length())));
        long live = full.find() ? Long.parseLong(full.group(2)) : -1;
        return new long[] {before, after, live};
    }
}

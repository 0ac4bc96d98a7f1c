package org.assisted.imageservice.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Tomcat log directory ({@code catalina.home/logs}), read from a mark on: the daily files accumulate over
 * runs and test classes, so each class looks only at what was appended after its own mark.
 */
final class TomcatLogs {

    private static final long POLL_MILLIS = 250;

    private final Path dir;
    private final Map<Path, Long> marks;

    private TomcatLogs(Path dir, Map<Path, Long> marks) {
        this.dir = dir;
        this.marks = marks;
    }

    /** Remembers the current size of every log file. */
    static TomcatLogs mark() throws IOException {
        Path dir = Path.of(System.getProperty("catalina.home", "target/tomcat")).resolve("logs");
        Map<Path, Long> marks = new HashMap<>();
        for (Path file : files(dir)) {
            marks.put(file, Files.size(file));
        }
        return new TomcatLogs(dir, marks);
    }

    /** Text appended since the mark to the files whose name starts with {@code prefix}, e.g. {@code access}. */
    String appended(String prefix) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path file : files(dir)) {
            if (file.getFileName().toString().startsWith(prefix)) {
                text.append(readFrom(file, marks.getOrDefault(file, 0L)));
            }
        }
        return text.toString();
    }

    /**
     * Waits until the access log holds {@code expected} (Tomcat's access log valve flushes its buffer only
     * from its background thread, about every 10 s), then returns what was appended.
     */
    String accessLogContaining(String expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String text = appended("access");
        while (!text.contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            text = appended("access");
        }
        if (!text.contains(expected)) {
            throw new AssertionError("the access log did not show " + expected + " within " + timeout + ":\n" + text);
        }
        return text;
    }

    private static String readFrom(Path file, long offset) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(offset, Files.size(file)));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        }
    }
}

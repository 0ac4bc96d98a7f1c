package org.assisted.imageservice.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Tomcat's log files from a starting point on: what its class loader reported about leaks since then. */
final class TomcatLeakLogs {
    /**
     * Tomcat's own background thread ({@code Catalina-utility-N}) runs each context's periodic work with that
     * context's class loader as its context class loader; when an undeploy catches it in the middle, the class
     * loader reports it as a thread the application started. It is Tomcat's, so it is not a leak of ours.
     */
    private static final String TOMCAT_UTILITY_THREAD = "thread named [Catalina-utility-";

    private final Path dir;
    private final Map<Path, Long> startOffsets;

    private TomcatLeakLogs(Path dir, Map<Path, Long> startOffsets) {
        this.dir = dir;
        this.startOffsets = startOffsets;
    }

    static TomcatLeakLogs from(Path dir) throws IOException {
        Map<Path, Long> offsets = new HashMap<>();
        for (Path log : logFiles(dir)) {
            offsets.put(log, Files.size(log));
        }
        return new TomcatLeakLogs(dir, offsets);
    }

    /**
     * @return lines written since {@link #from} in which Tomcat's web application class loader or
     *         {@code findleaks} reports a leak of the application named {@code name}
     */
    List<String> leakWarnings(String name) throws IOException {
        List<String> warnings = new ArrayList<>();
        for (Path log : logFiles(dir)) {
            for (String line : newLines(log)) {
                boolean ours = line.contains("web application [" + name + "]") || line.contains("[/" + name + "]");
                if (ours && !line.contains(TOMCAT_UTILITY_THREAD) && (line.contains("memory leak") || line.contains("failed to stop")
                        || line.contains("failed to remove") || line.contains("failed to unregister"))) {
                    warnings.add(log.getFileName() + ": " + line);
                }
            }
        }
        return warnings;
    }

    private List<String> newLines(Path log) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = startOffsets.getOrDefault(log, 0L);
            byte[] bytes = new byte[(int) Math.max(0, file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static List<Path> logFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
        }
    }
}

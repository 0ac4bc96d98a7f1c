package org.assisted.imageservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) consumed by a process and its direct children, from /proc; robust
 * against a busy machine where wall-clock throughput is not.
 */
final class CpuTime {

    /** USER_HZ of Linux /proc/<pid>/stat times. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuTime() {
    }

    /** Seconds of CPU used so far by {@code pid} and its children (nginx workers). */
    static double seconds(long pid) throws IOException {
        double total = own(pid);
        Path children = Path.of("/proc/" + pid + "/task/" + pid + "/children");
        if (Files.exists(children)) {
            for (String child : Files.readString(children).trim().split("\\s+")) {
                if (!child.isEmpty()) {
                    total += own(Long.parseLong(child));
                }
            }
        }
        return total;
    }

    private static double own(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }
}

package org.assisted.imageservice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service under test started by a script instead of the bench's own Tomcat ({@code --external-service}), e.g.
 * bench/container.sh, which runs the container image. The script is called twice:
 * <ul>
 *   <li>{@code <script> --start <env file>}: starts the service with the variables of the env file (one
 *       {@code NAME=VALUE} a line) and prints, as its last line, the service JVM's process id, the path of its GC log
 *       (written with {@code -Xlog:gc}) and the path of its console log, separated by spaces;</li>
 *   <li>{@code <script> --stop}: prints what it measured about the service (one fact a line) and stops it.</li>
 * </ul>
 */
final class ExternalService {

    private final Path script;
    private final long pid;
    private final Path gcLog;
    private final Path consoleLog;

    private ExternalService(Path script, long pid, Path gcLog, Path consoleLog) {
        this.script = script;
        this.pid = pid;
        this.gcLog = gcLog;
        this.consoleLog = consoleLog;
    }

    static ExternalService start(Path script, Path envFile, Map<String, String> env) throws IOException, InterruptedException {
        StringBuilder lines = new StringBuilder();
        env.forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
        Files.writeString(envFile, lines);
        List<String> output = run(script.toString(), "--start", envFile.toString());
        String[] fields = output.isEmpty() ? new String[0] : output.get(output.size() - 1).trim().split(" ");
        if (fields.length != 3) {
            throw new IOException(script + " --start printed no '<pid> <gc log> <console log>' line: " + output);
        }
        return new ExternalService(script, Long.parseLong(fields[0]), Path.of(fields[1]), Path.of(fields[2]));
    }

    long pid() {
        return pid;
    }

    Path gcLog() {
        return gcLog;
    }

    Path consoleLog() {
        return consoleLog;
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Stops the service; returns what the script measured about it. */
    List<String> stop() throws IOException, InterruptedException {
        return run(script.toString(), "--stop");
    }

    /** Runs the script with stderr passed through; returns its stdout lines. */
    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue());
        }
        return lines;
    }
}

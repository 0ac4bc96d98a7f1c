package org.assisted.imageservice.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's squid on 127.0.0.1 as a forward proxy for the tests, in the foreground ({@code -N}) with everything in
 * one directory: configuration, a {@code hosts_file} (the only names it resolves besides DNS), the Basic
 * authentication password file ({@code basic_ncsa_auth}, apr1 hashes made by openssl), the access and cache logs.
 * Nothing is cached; CONNECT is allowed to any port. Started as root, squid drops to its own user, hence the
 * directory is writable by all.
 */
final class SquidProxy implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final String NCSA_AUTH = "/usr/lib/squid/basic_ncsa_auth";

    private final Path dir;
    private final Process process;

    private SquidProxy(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * @param dir   an empty directory
     * @param port  the loopback port to listen on
     * @param hosts host name to the address squid resolves it to
     */
    static SquidProxy start(Path dir, int port, String user, String password, Map<String, String> hosts)
            throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path hostsFile = Files.writeString(dir.resolve("hosts"), hosts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey() + "\n").collect(Collectors.joining()));
        Path passwords = Files.writeString(dir.resolve("passwd"), user + ":" + apr1(dir, password) + "\n");
        Path conf = Files.writeString(dir.resolve("squid.conf"), String.join("\n",
                "http_port 127.0.0.1:" + port,
                "pid_filename " + dir.resolve("squid.pid"),
                "cache_log " + dir.resolve("cache.log"),
                "access_log stdio:" + dir.resolve("access.log"),
                "coredump_dir " + dir,
                "hosts_file " + hostsFile,
                "cache deny all",
                "cache_mem 8 MB",
                "pinger_enable off",
                "shutdown_lifetime 1 seconds",
                "auth_param basic program " + NCSA_AUTH + " " + passwords,
                "auth_param basic realm image-service-test",
                "acl authenticated proxy_auth REQUIRED",
                "http_access allow authenticated",
                "http_access deny all",
                ""));
        Process process = new ProcessBuilder("squid", "-N", "-f", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.log").toFile())
                .start();
        SquidProxy squid = new SquidProxy(dir, process);
        try {
            ItProcesses.awaitPorts(process, "squid", START_TIMEOUT, squid::console, port);
        } catch (IOException | RuntimeException e) {
            squid.close();
            throw e;
        }
        return squid;
    }

    private String console() {
        try {
            return Files.readString(dir.resolve("console.log"));
        } catch (IOException e) {
            return "no console log: " + e.getMessage();
        }
    }

    /** The access log's lines; complete after {@link #close()} (a CONNECT is logged when its tunnel ends). */
    List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        ItProcesses.stop(process, STOP_TIMEOUT);
    }

    private static String apr1(Path dir, String password) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder("openssl", "passwd", "-apr1", "-stdin")
                .redirectError(dir.resolve("openssl.log").toFile())
                .start();
        try (var in = openssl.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String hash = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0 || !hash.startsWith("$apr1$")) {
            throw new IOException("openssl passwd failed: " + Files.readString(dir.resolve("openssl.log")));
        }
        return hash;
    }
}

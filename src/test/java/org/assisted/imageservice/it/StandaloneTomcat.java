package org.assisted.imageservice.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A Tomcat of its own (not the Arquillian one) laid out as the Dockerfile does: a fresh CATALINA_BASE over the
 * unpacked distribution, {@code tomcat-conf/bin/configure-connectors.sh} writing server.xml from the connector
 * environment, {@code catalina.properties.fragment} appended, {@code context.xml} and {@code tomcat-users.xml}
 * copied, the WAR as {@code ROOT.war} with a {@code conf/Catalina/localhost/ROOT.xml} of parameters. Started with
 * {@code Bootstrap start} in a child JVM whose console output goes to {@code logs/console.log}; stopped with
 * SIGTERM (Tomcat's shutdown hook), forcibly after a grace period.
 */
final class StandaloneTomcat implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Variables of the connector table and the logging, removed from the inherited environment first. */
    private static final List<String> CONTROLLED = List.of("LISTEN_PORT", "HTTP_LISTEN_PORT", "HTTPS_CERT_FILE",
            "HTTPS_KEY_FILE", "SHUTDOWN_PORT", "LOGLEVEL", "LOG_LEVEL", "ALLOWED_DOMAINS", "MAX_CONCURRENT_REQUESTS",
            "CONNECTION_TIMEOUT_MS", "MAX_CONNECTIONS", "VIRTUAL_THREADS", "JRE_HOME");

    private final Path base;
    private final Process process;

    private StandaloneTomcat(Path base, Process process) {
        this.base = base;
        this.process = process;
    }

    /**
     * @param base       an empty directory for CATALINA_BASE
     * @param env        connector variables (LISTEN_PORT, HTTP_LISTEN_PORT, HTTPS_*) and any other environment
     * @param parameters context parameters of the application
     * @param probePorts ports that must accept connections before this returns
     */
    static StandaloneTomcat start(Path base, Map<String, String> env, Map<String, String> parameters,
                                  int... probePorts) throws IOException, InterruptedException {
        return start(base, env, parameters, Path.of(System.getProperty("java.home")), List.of("-Xmx384m"), probePorts);
    }

    /**
     * @param javaHome   the JDK or JRE Tomcat runs on; configure-connectors.sh sees it as JAVA_HOME
     * @param jvmOptions options of Tomcat's JVM (heap, direct memory)
     * @see #start(Path, Map, Map, int...)
     */
    static StandaloneTomcat start(Path base, Map<String, String> env, Map<String, String> parameters, Path javaHome,
                                  List<String> jvmOptions, int... probePorts) throws IOException, InterruptedException {
        env = new TreeMap<>(env);
        env.put("JAVA_HOME", javaHome.toString());
        Path home = Path.of(System.getProperty("catalina.home")).toAbsolutePath();
        Path tomcatConf = Path.of("tomcat-conf").toAbsolutePath();
        Path conf = Files.createDirectories(base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "work", "webapps", "conf/Catalina/localhost")) {
            Files.createDirectories(base.resolve(dir));
        }
        for (String file : List.of("catalina.properties", "logging.properties", "web.xml")) {
            Files.copy(home.resolve("conf").resolve(file), conf.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.write(conf.resolve("catalina.properties"), Files.readAllBytes(tomcatConf.resolve(
                "catalina.properties.fragment")), StandardOpenOption.APPEND);
        for (String file : List.of("context.xml", "tomcat-users.xml")) {
            Files.copy(tomcatConf.resolve(file), conf.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(List.of("sh", tomcatConf.resolve("bin/configure-connectors.sh").toString(), tomcatConf.toString(),
                conf.resolve("server.xml").toString()), env, base.resolve("logs/configure-connectors.log"));
        Files.copy(Path.of(System.getProperty("it.war")), base.resolve("webapps/ROOT.war"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(conf.resolve("Catalina/localhost/ROOT.xml"), Deployments.contextXml(parameters),
                StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp", home.resolve("bin/bootstrap.jar") + ":" + home.resolve("bin/tomcat-juli.jar"),
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + conf.resolve("logging.properties"),
                "org.apache.catalina.startup.Bootstrap", "start"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("logs/console.log").toFile());
        environment(builder, env);
        StandaloneTomcat tomcat = new StandaloneTomcat(base, builder.start());
        try {
            ItProcesses.awaitPorts(tomcat.process, "Tomcat", START_TIMEOUT, () -> "see " + tomcat.logs(), probePorts);
        } catch (IOException | RuntimeException e) {
            tomcat.close();
            throw e;
        }
        return tomcat;
    }

    long pid() {
        return process.pid();
    }

    Path logs() {
        return base.resolve("logs");
    }

    /** Every file below logs/, after {@link #close()} has flushed them. */
    List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.walk(logs())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        ItProcesses.stop(process, STOP_TIMEOUT);
    }

    private static void environment(ProcessBuilder builder, Map<String, String> env) {
        CONTROLLED.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
    }

    private static void run(List<String> command, Map<String, String> env, Path output)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        environment(builder, env);
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command + " failed: " + Files.readString(output));
        }
    }

    /** A log file's bytes as ISO-8859-1 text, so that any byte sequence can be searched. */
    static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

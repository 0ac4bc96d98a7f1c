package org.assisted.imageservice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A Tomcat laid out as the Dockerfile does: a fresh CATALINA_BASE whose conf/ is the distribution's
 * plus tomcat-conf/ (catalina.properties fragment, context.xml, server.xml written by
 * configure-connectors.sh), the service as ROOT.war configured by conf/Catalina/localhost/ROOT.xml,
 * the reference servlet as plain.war, and a DefaultServlet context "static" over the ISO directory.
 */
final class Tomcat implements AutoCloseable {

    private final Path base;
    private final Path home;
    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private Process process;

    private Tomcat(Path home, Path base, Map<String, String> env, List<String> jvmOptions) {
        this.home = home;
        this.base = base;
        this.env = env;
        this.jvmOptions = jvmOptions;
    }

    /**
     * @param serviceParams context parameters of the service (ROOT.xml)
     * @param plainFile     the file the reference servlet serves
     * @param staticDir     the directory the DefaultServlet context serves
     * @param extraEnv      more environment of configure-connectors.sh and Tomcat (JAVA_HOME, MAX_CONNECTIONS)
     */
    static Tomcat layOut(Path repo, Path home, Path base, int httpPort, int shutdownPort, Map<String, String> serviceParams,
            Path plainWar, Path plainFile, Path staticDir, List<String> jvmOptions, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        deleteTree(base);
        for (String dir : List.of("conf/Catalina/localhost", "webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path conf = repo.resolve("tomcat-conf");
        Files.write(base.resolve("conf/catalina.properties"), Files.readAllBytes(conf.resolve("catalina.properties.fragment")),
                StandardOpenOption.APPEND);
        Files.copy(conf.resolve("context.xml"), base.resolve("conf/context.xml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(conf.resolve("tomcat-users.xml"), base.resolve("conf/tomcat-users.xml"), StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> env = new TreeMap<>();
        env.put("LISTEN_PORT", Integer.toString(httpPort));
        env.put("HTTP_CONNECTOR_PORT", Integer.toString(httpPort));
        env.put("SHUTDOWN_PORT", Integer.toString(shutdownPort));
        env.putAll(extraEnv);
        ProcessBuilder configure = new ProcessBuilder("sh", conf.resolve("bin/configure-connectors.sh").toString(),
                conf.toString(), base.resolve("conf/server.xml").toString()).inheritIO();
        configure.environment().putAll(env);
        if (configure.start().waitFor() != 0) {
            throw new IOException("configure-connectors.sh failed");
        }
        Files.copy(repo.resolve("target/assisted-image-service.war"), base.resolve("webapps/ROOT.war"));
        Files.copy(plainWar, base.resolve("webapps/plain.war"));
        Files.writeString(base.resolve("conf/Catalina/localhost/ROOT.xml"), context(null, serviceParams));
        Files.writeString(base.resolve("conf/Catalina/localhost/plain.xml"),
                context(null, Map.of("file", plainFile.toString())));
        Files.writeString(base.resolve("conf/Catalina/localhost/static.xml"), context(staticDir, Map.of()));
        return new Tomcat(home, base, env, jvmOptions);
    }

    /** Deploys one more WAR as context {@code /name} with these context parameters; call before {@link #start}. */
    void addWebapp(String name, Path war, Map<String, String> params) throws IOException {
        Files.copy(war, base.resolve("webapps/" + name + ".war"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(base.resolve("conf/Catalina/localhost/" + name + ".xml"), context(null, params));
    }

    private static String context(Path docBase, Map<String, String> params) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Context")
                .append(docBase == null ? "" : " docBase=\"" + escape(docBase.toString()) + "\"").append(">\n");
        params.forEach((name, value) -> xml.append("  <Parameter name=\"").append(escape(name)).append("\" value=\"")
                .append(escape(value)).append("\" override=\"false\"/>\n"));
        return xml.append("</Context>\n").toString();
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Starts {@code catalina.sh run} (which execs the JVM, so the process id is Tomcat's). */
    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("logs/catalina.out").toFile()));
        builder.environment().putAll(env);
        builder.environment().put("CATALINA_HOME", home.toString());
        builder.environment().put("CATALINA_BASE", base.toString());
        builder.environment().put("CATALINA_OPTS", String.join(" ", jvmOptions));
        process = builder.start();
    }

    long pid() {
        return process.pid();
    }

    Path base() {
        return base;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    /** Waits until something accepts connections on 127.0.0.1:port. */
    static void awaitPort(int port, Process process, int seconds) throws IOException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("process exited with " + process.exitValue() + " before listening on " + port);
                }
                sleep(50);
            }
        }
        throw new IOException("nothing listens on port " + port + " after " + seconds + " s");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            java.util.Collections.reverse(all);
            for (Path path : all) {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}

package org.assisted.imageservice.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Tomcat laid out and started the way the Dockerfile does it: the unpacked distribution without its web
 * applications, {@code tomcat-conf/catalina.properties.fragment} appended to {@code conf/catalina.properties},
 * {@code tomcat-conf/context.xml} and {@code tomcat-users.xml} in {@code conf/}, the WAR as
 * {@code webapps/ROOT.war}, then the image's command {@code start-tomcat.sh} (server.xml written below
 * TOMCAT_RUNTIME_DIR, {@code catalina.sh run -config} that file; the image's logs, temp and work link there, this
 * layout keeps them as directories of the distribution). The service is
 * configured by {@code <Parameter>}s in {@code conf/Catalina/localhost/ROOT.xml}, as an operator would.
 */
final class DockerLayoutTomcat implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path base;
    private final int port;
    private final Process process;

    private DockerLayoutTomcat(Path base, int port, Process process) {
        this.base = base;
        this.port = port;
        this.process = process;
    }

    /**
     * @param base       an empty directory that becomes CATALINA_HOME and CATALINA_BASE
     * @param port       LISTEN_PORT
     * @param parameters the service's configuration
     */
    static DockerLayoutTomcat start(Path base, int port, Map<String, String> parameters) throws IOException {
        Path distribution = Path.of(System.getProperty("catalina.home"));
        Path tomcatConf = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("tomcat-conf");
        copyDistribution(distribution, base);
        Files.writeString(base.resolve("conf/catalina.properties"),
                "\n" + Files.readString(tomcatConf.resolve("catalina.properties.fragment")), StandardOpenOption.APPEND);
        for (String file : new String[] {"context.xml", "tomcat-users.xml"}) {
            Files.copy(tomcatConf.resolve(file), base.resolve("conf").resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(Path.of(System.getProperty("it.war")), base.resolve("webapps/ROOT.war"));
        Files.writeString(Files.createDirectories(base.resolve("conf/Catalina/localhost")).resolve("ROOT.xml"),
                Deployments.contextXml(parameters));
        ProcessBuilder builder = new ProcessBuilder("sh", tomcatConf.resolve("bin/start-tomcat.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("logs/console.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("TOMCAT_RUNTIME_DIR", base.resolve("runtime").toString());
        env.put("PATH", base.resolve("bin") + File.pathSeparator + env.get("PATH"));
        env.put("CATALINA_HOME", base.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("LISTEN_PORT", Integer.toString(port));
        env.put("JAVA_OPTS", "-Xmx256m -Xss512k");
        return new DockerLayoutTomcat(base, port, builder.start());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/" + path);
    }

    int port() {
        return port;
    }

    /** @return what Tomcat and the service logged to the console so far */
    String console() {
        try {
            return Files.readString(base.resolve("logs/console.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the status of {@code GET path}, or -1 while nothing listens */
    int status(HttpClient http, String path) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        }
    }

    /** SIGTERM, as {@code docker stop} sends; Tomcat shuts down gracefully. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static void copyDistribution(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                if (isLeftOut(relative)) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The Dockerfile empties webapps/; a fresh container has no logs, work files or deployment descriptors. */
    private static boolean isLeftOut(Path relative) {
        String first = relative.getNameCount() > 0 ? relative.getName(0).toString() : "";
        boolean runtimeDir = first.equals("logs") || first.equals("temp") || first.equals("work")
                || first.equals("webapps");
        return (runtimeDir && relative.getNameCount() > 1) || relative.startsWith(Path.of("conf", "Catalina"));
    }
}

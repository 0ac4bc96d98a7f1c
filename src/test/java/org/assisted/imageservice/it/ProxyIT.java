package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.assisted.imageservice.it.ItHttp.Reply;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.SelfSignedCertificate;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.Test;

/**
 * OS image downloads through a real proxy: Debian's squid on loopback with Basic authentication
 * ({@link SquidProxy}), configured the way a cluster-wide proxy reaches the pod, through HTTP_PROXY / https_proxy /
 * no_proxy in the environment of a {@link StandaloneTomcat}.
 *
 * <p>Names decide who can connect where. The mirrors are {@value #PROXIED}, which only squid resolves (its
 * hosts_file). Tomcat's JVM resolves names from its own hosts file ({@code jdk.net.hosts.file}), which knows only
 * {@value #ASSISTED} (assisted-service) and {@value #DIRECT} (a mirror named in no_proxy), names squid cannot
 * resolve. So a download that bypassed the proxy fails, an assisted-service call or a no_proxy download that went
 * through it fails too, and squid's access log shows what it carried.
 */
class ProxyIT {
    private static final String PROXIED = "mirror.proxy-test";
    private static final String DIRECT = "direct.proxy-test";
    private static final String ASSISTED = "assisted.proxy-test";
    private static final String IMAGE_ID = "7d3c1e5a-2b4f-4c6d-9e8f-0a1b2c3d4e5f";
    private static final String IGNITION = "{\"ignition\":{\"version\":\"3.2.0\"}}";
    private static final String USER = "image-service-px";
    /** Random, so that finding it in a log can only mean it leaked. */
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    /** @param openshiftVersion the image's version in the request; its mirror URL says how it is fetched */
    private record Image(String openshiftVersion, String version, String url) {
        String fileName() {
            return "rhcos-full-iso-" + version + "-x86_64.iso";
        }
    }

    @Test
    void imageDownloadsGoThroughTheProxyButNoProxyHostsAndAssistedServiceGoDirect() throws Exception {
        Path work = Deployments.workDir("proxy");
        Path src = Files.createDirectories(work.resolve("src"));
        SelfSignedCertificate certificate = SelfSignedCertificate.forHostName(work, "mirror", PROXIED);
        int squidPort = TestPorts.proxy();
        List<String> access;
        try (FakeAssistedService assisted = FakeAssistedService.start();
             FileMirror http = FileMirror.http();
             FileMirror https = FileMirror.https(certificate.serverContext());
             SquidProxy squid = SquidProxy.start(Files.createDirectories(work.resolve("squid")), squidPort, USER,
                     PASSWORD, Map.of(PROXIED, "127.0.0.1"))) {
            assisted.image(IMAGE_ID).ignition(IGNITION);
            List<Image> images = List.of(
                    new Image("4.10", "410.84.202205191234-0", "http://" + PROXIED + ":" + http.port() + "/a.iso"),
                    new Image("4.11", "411.86.202210041459-0", "https://" + PROXIED + ":" + https.port() + "/b.iso"),
                    new Image("4.12", "412.86.202301311551-0", "http://" + DIRECT + ":" + http.port() + "/c.iso"));
            List<ItImages.Entry> entries = new ArrayList<>();
            Map<String, Path> isos = new TreeMap<>();
            for (Image image : images) {
                Path iso = TestIsos.x86_64("rhcos-" + image.version()).buildWithXorriso(src);
                String path = URI.create(image.url()).getPath();
                http.serve(path, iso);
                https.serve(path, iso);
                isos.put(image.fileName(), iso);
                entries.add(new ItImages.Entry(image.openshiftVersion(), "x86_64", image.version(), "full-iso",
                        image.url()));
            }
            Map<String, String> parameters = ItImages.parameters(work, assisted, entries);
            parameters.remove("IMAGE_SERVICE_BASE_URL");
            parameters.put("ASSISTED_SERVICE_HOST", ASSISTED + ":" + assisted.port());
            parameters.put("OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE", certificate.certificatePem().toString());
            Path dataDir = Path.of(parameters.get("DATA_DIR"));

            int port = TestPorts.http();
            String proxy = USER + ":" + PASSWORD + "@127.0.0.1:" + squidPort;
            // Upper-case names set empty: they would win over the lower-case ones if inherited non-empty.
            Map<String, String> env = Map.of("LISTEN_PORT", Integer.toString(port),
                    "HTTP_PROXY", "http://" + proxy, "http_proxy", "",
                    "HTTPS_PROXY", "", "https_proxy", proxy,
                    "NO_PROXY", "", "no_proxy", "example.invalid, " + DIRECT);
            Path jvmHosts = Files.writeString(work.resolve("jvm-hosts"),
                    "127.0.0.1 localhost\n127.0.0.1 " + ASSISTED + "\n127.0.0.1 " + DIRECT + "\n");
            List<String> jvm = List.of("-Xmx384m", "-Djdk.net.hosts.file=" + jvmHosts);
            Path base = Files.createDirectories(work.resolve("tomcat"));
            List<Path> tomcatLogs;
            try (StandaloneTomcat tomcat = StandaloneTomcat.start(base, env, parameters,
                    Path.of(System.getProperty("java.home")), jvm, port)) {
                String root = "http://127.0.0.1:" + port;
                TestPorts.awaitLive(HttpClient.newHttpClient(), root);
                ItHttp client = new ItHttp(URI.create(root + "/").toURL());
                client.awaitHealthy();
                for (Image image : images) {
                    Path iso = isos.get(image.fileName());
                    assertEquals(-1, Files.mismatch(iso, dataDir.resolve(image.fileName())), image.url());
                    Reply reply = client.get("images/" + IMAGE_ID + "?version=" + image.openshiftVersion()
                            + "&type=full-iso");
                    assertEquals(200, reply.status(), image + ": " + reply.text());
                    assertEquals(Files.size(iso), reply.body().length);
                }
                assertFalse(assisted.requests(FakeAssistedService.Endpoint.IGNITION).isEmpty(),
                        "assisted-service was called, directly");
                tomcat.close();
                tomcatLogs = tomcat.logFiles();
            }
            assertEquals(List.of("/c.iso " + DIRECT + ":" + http.port()), http.requests().stream()
                    .filter(r -> !r.contains(PROXIED)).toList(), "the no_proxy mirror was fetched directly, once");
            for (Path log : tomcatLogs) {
                String text = StandaloneTomcat.read(log);
                assertFalse(text.contains(PASSWORD), "the proxy password is in " + log);
                assertFalse(text.contains(USER), "the proxy user is in " + log);
            }
            String logs = tomcatLogs.stream().map(StandaloneTomcat::read).reduce("", String::concat);
            assertTrue(logs.contains("OS image downloads use EnvironmentProxy[http=http://127.0.0.1:" + squidPort
                    + " (with credentials), https=http://127.0.0.1:" + squidPort + " (with credentials), noProxy="
                    + "example.invalid," + DIRECT + "]"), logs);
            squid.close();
            access = squid.accessLog();
        }
        assertTrue(access.stream().anyMatch(line -> line.contains("/200 ") && line.contains(
                " GET http://" + PROXIED + ":") && line.contains("/a.iso " + USER + " ")), String.join("\n", access));
        assertTrue(access.stream().anyMatch(line -> line.contains("TCP_TUNNEL/200 ") && line.contains(
                " CONNECT " + PROXIED + ":") && line.contains(" " + USER + " ")), String.join("\n", access));
        assertTrue(access.stream().noneMatch(line -> line.contains(DIRECT) || line.contains(ASSISTED)),
                String.join("\n", access));
    }

    /** Serves files by path on 127.0.0.1 and records each request as {@code <path> <Host header>}. */
    private static final class FileMirror implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, Path> files = new TreeMap<>();
        private final List<String> requests = new CopyOnWriteArrayList<>();

        private FileMirror(HttpServer server) {
            this.server = server;
            server.createContext("/", this::handle);
            server.start();
        }

        static FileMirror http() throws IOException {
            return new FileMirror(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        }

        static FileMirror https(SSLContext tls) throws IOException {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new FileMirror(server);
        }

        synchronized void serve(String path, Path file) {
            files.put(path, file);
        }

        int port() {
            return server.getAddress().getPort();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            requests.add(path + " " + exchange.getRequestHeaders().getFirst("Host"));
            Path file;
            synchronized (this) {
                file = files.get(path);
            }
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.SelfSignedCertificate;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped {@code tomcat-conf/} in a Tomcat of its own ({@link StandaloneTomcat}), with HTTPS and plain HTTP
 * together (docs/upstream-behaviour.md#listeners) from a certificate and key generated as PEM files, ALLOWED_DOMAINS
 * and LOGLEVEL=debug, and the probes' own connector (PROBE_LISTEN_PORT). Two images are configured:
 * {@value #READY_VERSION} becomes ready, {@value #NOT_READY_VERSION} never does, so its 503 and the CORS headers tell
 * requests that passed the HTTP-port rule from those it refused. The last test stops Tomcat and searches every file
 * under {@code logs/} for the credentials that the other tests sent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TomcatConfIT {

    static final String IMAGE_ID = "6f1c1f2e-8a57-4d5b-b1a4-0a3f6a9e2c11";
    private static final String READY_VERSION = "4.17";
    private static final String NOT_READY_VERSION = "4.16";
    private static final String RHCOS = "418.94.202501221327-0";
    private static final String ALLOWED = "https://test.example.com";

    private static FakeAssistedService assisted;
    private static StandaloneTomcat tomcat;
    private static HttpClient client;
    private static String https;
    private static String http;
    private static String probes;

    @BeforeAll
    static void startTomcatWithBothListeners() throws Exception {
        Path work = Deployments.workDir("tomcat-conf");
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(work, "tomcat");
        Path key = certificate.writePrivateKeyPem(work.resolve("tomcat.key"));
        Path iso = TestIsos.x86_64("rhcos-" + RHCOS).rootfsSize(3 << 20)
                .buildWithXorriso(Files.createDirectories(work.resolve("src")));
        assisted = FakeAssistedService.start();
        SecretRequests.configure(assisted);
        int httpsPort = TestPorts.https();
        int httpPort = TestPorts.http();
        int probePort = TestPorts.probe();
        Map<String, String> parameters = new HashMap<>(Map.of(
                "DATA_DIR", Files.createDirectories(work.resolve("data")).toString(),
                "DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                "ASSISTED_SERVICE_TIMEOUT_SECONDS", "1",
                "MIN_ROOTFS_SIZE", "1048576",
                "MIN_KERNEL_SIZE", "1024",
                "OS_IMAGES", "[" + image(READY_VERSION, iso.toUri().toString(), RHCOS) + ","
                        + image(NOT_READY_VERSION, work.resolve("missing.iso").toUri().toString(), "419.0.0-0")
                        + "]"));
        tomcat = StandaloneTomcat.start(Files.createDirectories(work.resolve("base")), Map.of(
                        "LISTEN_PORT", Integer.toString(httpsPort),
                        "HTTP_LISTEN_PORT", Integer.toString(httpPort),
                        "PROBE_LISTEN_PORT", Integer.toString(probePort),
                        "HTTPS_CERT_FILE", certificate.certificatePem().toString(),
                        "HTTPS_KEY_FILE", key.toString(),
                        "ALLOWED_DOMAINS", ALLOWED + ", https://*.wild.example",
                        "LOGLEVEL", "debug"),
                parameters, httpsPort, httpPort, probePort);
        client = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
        https = "https://127.0.0.1:" + httpsPort;
        http = "http://127.0.0.1:" + httpPort;
        probes = "http://127.0.0.1:" + probePort;
        TestPorts.awaitLive(client, https);
        SecretRequests.sendUnparsableRequest(URI.create(http + "/").toURL());
    }

    private static String image(String openshiftVersion, String url, String rhcosVersion) {
        return "{\"openshift_version\":\"" + openshiftVersion + "\",\"cpu_architecture\":\"x86_64\",\"url\":\"" + url
                + "\",\"version\":\"" + rhcosVersion + "\"}";
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (tomcat != null) {
            tomcat.close();
        }
        if (assisted != null) {
            assisted.close();
        }
    }

    private static HttpResponse<String> get(String url, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> allowOrigin(HttpResponse<?> response) {
        return response.headers().firstValue("Access-Control-Allow-Origin");
    }

    @Test
    @Order(1)
    void httpsServesEveryImageRoute() throws Exception {
        HttpResponse<String> iso = get(https + "/images/" + IMAGE_ID, ALLOWED);
        assertEquals(400, iso.statusCode());
        assertEquals("'version' parameter required", iso.body());
        assertEquals(Optional.of(ALLOWED), allowOrigin(iso));
        HttpResponse<String> notReady = get(https + "/byid/" + IMAGE_ID + "/" + NOT_READY_VERSION
                + "/x86_64/full.iso", null);
        assertEquals(503, notReady.statusCode());
        assertEquals("", notReady.body());
    }

    @Test
    @Order(1)
    void plainHttpRefusesImageRoutesOtherThanPxeInitrdBeforeCors() throws Exception {
        for (String path : new String[] {"/images/" + IMAGE_ID, "/images/foo/", "/images/" + IMAGE_ID
                + "/s390x-initrd-addrsize?version=4.17", "/byid/" + IMAGE_ID + "/4.17/x86_64/full.iso",
                "/byapikey/a.b.c/4.17/x86_64/full.iso", "/bytoken/a.b.c/4.17/x86_64/minimal.iso"}) {
            HttpResponse<String> response = get(http + path, ALLOWED);
            assertEquals(404, response.statusCode(), path);
            assertEquals("404 page not found\n", response.body(), path);
            assertEquals(Optional.of("text/plain;charset=utf-8"), response.headers().firstValue("Content-Type")
                    .map(type -> type.replace(" ", "")), path);
            assertEquals(Optional.empty(), allowOrigin(response), path);
        }
    }

    @Test
    @Order(1)
    void plainHttpPassesPxeInitrdWithAnyQuery() throws Exception {
        for (String query : new String[] {"", "?version=" + NOT_READY_VERSION + "&arch=bogus", "?arch=x86_64"}) {
            HttpResponse<String> response = get(http + "/images/" + IMAGE_ID + "/pxe-initrd" + query, ALLOWED);
            assertNotEquals("404 page not found\n", response.body(), query);
            assertEquals(Optional.of(ALLOWED), allowOrigin(response), "CORS ran after the port rule: " + query);
        }
    }

    @Test
    @Order(1)
    void plainHttpServesProbesMetricsAndBootArtifacts() throws Exception {
        assertEquals(503, get(http + "/health", null).statusCode());
        assertEquals(200, get(http + "/live", null).statusCode());
        HttpResponse<String> metrics = get(http + "/metrics", null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("assisted_image_service_image_state{image=\"419.0.0-0/x86_64/full-iso\","
                + "state=\"failed\"} 1.0"), metrics.body());
        assertTrue(metrics.body().contains("tomcat_threads_config_max_threads{name=\"http-nio-" + TestPorts.http()
                + "\"}"), metrics.body());
        assertEquals(Optional.of(ALLOWED), allowOrigin(get(http + "/boot-artifacts/rootfs?version=4.17", ALLOWED)));
    }

    @Test
    @Order(1)
    void probePortServesOnlyTheProbesAndMetricsOnAPoolOfItsOwn() throws Exception {
        assertEquals(200, get(probes + "/live", null).statusCode());
        assertEquals(503, get(probes + "/health", null).statusCode(), "the not-ready image keeps /health at 503");
        assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(probes + "/live"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        HttpResponse<String> metrics = get(probes + "/metrics", null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("tomcat_threads_config_max_threads{name=\"http-nio-" + TestPorts.probe()
                + "\"} 4.0"), metrics.body());
        for (String path : new String[] {"/boot-artifacts/rootfs?version=4.17", "/boot-artifacts/kernel?version=4.17",
                "/images/" + IMAGE_ID + "/pxe-initrd?version=" + READY_VERSION, "/images/" + IMAGE_ID,
                "/byid/" + IMAGE_ID + "/" + READY_VERSION + "/x86_64/full.iso", "/", "/live/", "/metrics/x"}) {
            HttpResponse<String> response = get(probes + path, ALLOWED);
            assertEquals(404, response.statusCode(), path);
            assertEquals("404 page not found\n", response.body(), path);
            assertEquals(Optional.empty(), allowOrigin(response), "refused before CORS: " + path);
        }
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(probes + "/live"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, post.statusCode());
        assertEquals(200, get(http + "/live", null).statusCode(), "the other ports keep their probes");
    }

    @Test
    @Order(1)
    void preflightIsAnsweredBeforeReadiness() throws Exception {
        String origin = "https://Console.Wild.Example";
        String notReadyIso = https + "/images/" + IMAGE_ID + "?version=" + NOT_READY_VERSION + "&type=full-iso";
        HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(URI.create(notReadyIso))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals(Optional.of(origin), allowOrigin(preflight));
        assertEquals(Optional.of("GET"), preflight.headers().firstValue("Access-Control-Allow-Methods"));
        assertEquals(Optional.of("authorization,content-type"),
                preflight.headers().firstValue("Access-Control-Allow-Headers"));
        assertEquals(Optional.of("600"), preflight.headers().firstValue("Access-Control-Max-Age"));
        assertEquals(Optional.of("Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
                preflight.headers().firstValue("Vary"));

        HttpResponse<String> notReady = get(notReadyIso, origin);
        assertEquals(503, notReady.statusCode());
        assertEquals(Optional.of(origin), allowOrigin(notReady));
    }

    @Test
    @Order(1)
    void otherOriginsAreServedWithoutCorsHeaders() throws Exception {
        HttpResponse<String> response = get(https + "/images/" + IMAGE_ID, "https://evil.example.com");
        assertEquals(400, response.statusCode());
        assertEquals(Optional.empty(), allowOrigin(response));
        assertEquals(Optional.of("Origin"), response.headers().firstValue("Vary"));
        HttpResponse<String> refusedPreflight = client.send(HttpRequest.newBuilder(URI.create(https + "/images/"
                        + IMAGE_ID)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED).header("Access-Control-Request-Method", "DELETE").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, refusedPreflight.statusCode());
        assertFalse(allowOrigin(refusedPreflight).isPresent());
    }

    @Test
    @Order(2)
    void requestsCarryingCredentialsSucceedOrFailWithoutEchoingThem() throws Exception {
        awaitImageReady();
        new SecretRequests(client, https, http, READY_VERSION).sendAll();
        SecretRequests.assertForwarded(assisted);
    }

    @Test
    @Order(2)
    void tokenPathsInOtherFormsAreRefusedOnPlainHttpWithoutEchoingTheToken() throws Exception {
        Map<String, Integer> statuses = SecretRequests.sendTokenPathsInOtherForms(URI.create(http + "/").toURL());
        statuses.forEach((line, status) -> assertTrue(status == 400 || status == 404, line + " -> " + status));
    }

    /**
     * Requests Tomcat refuses before the application (an encoded slash, a bad request line, a header block larger
     * than the connector accepts) get an error page that names neither the server nor its version nor a stack trace.
     */
    @Test
    @Order(2)
    void tomcatsOwnErrorPagesRevealNoServerInformation() throws Exception {
        ItHttp plain = new ItHttp(URI.create(http + "/").toURL());
        Map<String, byte[]> requests = Map.of(
                "encoded slash", request("GET /a%2Fb HTTP/1.1", ""),
                "bad request line", request("GET /live HTTP/1.1 extra", ""),
                "invalid target character", request("GET /images/{x} HTTP/1.1", ""),
                "header too large", request("GET /live HTTP/1.1", "X-Filler: " + "H".repeat(1 << 20) + "\r\n"));
        for (Map.Entry<String, byte[]> entry : requests.entrySet()) {
            ItHttp.RawReply reply = plain.raw(entry.getValue(), Duration.ofSeconds(10));
            String answer = reply.head() + "\n" + new String(reply.content(), StandardCharsets.ISO_8859_1);
            assertTrue(reply.status() >= 400 && reply.status() < 500, entry.getKey() + ": " + answer);
            for (String revealing : List.of("Tomcat", "tomcat", "11.0", "Exception", "exception", "at org.",
                    "Description", "Message")) {
                assertFalse(answer.contains(revealing), entry.getKey() + " revealed " + revealing + ": " + answer);
            }
        }
    }

    private static byte[] request(String requestLine, String extraHeaders) {
        return (requestLine + "\r\nHost: 127.0.0.1\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    @Order(3)
    void noLogFileContainsACredential() throws Exception {
        tomcat.close();
        SecretRequests.assertLogsClean(tomcat.logFiles());
    }

    private static void awaitImageReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!get(https + "/health", null).body().contains("\"name\":\"" + RHCOS
                + "/x86_64/full-iso\",\"state\":\"ready\"")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("image did not become ready: " + get(https + "/health", null).body());
            }
            Thread.sleep(200);
        }
    }
}

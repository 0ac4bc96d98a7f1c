package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MAX_CONCURRENT_REQUESTS=2 (http-api.md §10) with downloads held open by clients that stop reading: a third
 * request waits, without blocking the probes, and is served once a slot frees; a waiting client that goes away
 * is counted (as an aborted download when its turn comes: Tomcat does not watch idle asynchronous requests) and
 * leaks no slot. Also checks the metrics of the run (route templates only, never an image id).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConcurrencyLimitIT {

    private static final String IMAGE_ID = "7e0a4c2d-95b1-4f3e-a6d8-1c2b3a4d5e6f";
    private static final String VERSION = "418.94.202501221327-0";
    /** Far more than loopback socket buffers hold, so that a client that stops reading blocks the server. */
    private static final long ROOTFS_BYTES = 24L << 20;
    private static final Duration WAIT_PROOF = Duration.ofMillis(1500);

    private static FakeAssistedService assisted;
    private static long isoSize;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        Path work = Deployments.workDir("concurrency");
        Path iso = TestIsos.x86_64("rhcos-" + VERSION).rootfsSize(ROOTFS_BYTES)
                .build(Files.createDirectories(work.resolve("src")));
        isoSize = Files.size(iso);
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}");
        return Deployments.war("concurrency", Map.of(
                "DATA_DIR", Files.createDirectories(work.resolve("data")).toString(),
                "DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                "MAX_CONCURRENT_REQUESTS", "2",
                "MIN_ROOTFS_SIZE", "1048576",
                "MIN_KERNEL_SIZE", "1024",
                "OS_IMAGES", "[{\"openshift_version\":\"4.17\",\"cpu_architecture\":\"x86_64\",\"url\":\""
                        + iso.toUri() + "\",\"version\":\"" + VERSION + "\"}]"));
    }

    @AfterAll
    static void stopAssisted() {
        assisted.close();
    }

    /** A download on a raw socket with a small receive buffer that reads the headers, then only on demand. */
    private final class Download implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;

        Download() throws IOException {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            in = socket.getInputStream();
            String request = "GET " + base.getPath() + "images/" + IMAGE_ID + "?version=4.17&type=full-iso HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        }

        /** @return the status line, after reading all headers */
        String headers(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed in the headers: " + head);
                }
                head.append((char) b);
            }
            return head.substring(0, head.indexOf("\r\n"));
        }

        long readBody() throws IOException {
            socket.setSoTimeout(60_000);
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void capHoldsRequestsBeyondTheLimitAndReleasesSlotsOfVanishedClients() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        awaitReady(http);
        double abortedBefore = metric(http, "assisted_image_service_downloads_aborted_total");
        try (Download first = new Download(); Download second = new Download()) {
            assertEquals("HTTP/1.1 200 ", first.headers(Duration.ofSeconds(30)));
            assertEquals("HTTP/1.1 200 ", second.headers(Duration.ofSeconds(30)));
            try (Download third = new Download()) {
                assertThrows(SocketTimeoutException.class, () -> third.headers(WAIT_PROOF), "third must wait");
                awaitMetric(http, "assisted_image_service_requests_waiting", v -> v == 1);
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "live")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(), "probes are not starved");
                first.close();
                assertEquals("HTTP/1.1 200 ", third.headers(Duration.ofSeconds(30)));
                assertEquals(isoSize, third.readBody(), "the waiting request is served in full");
            }
            try (Download holder = new Download()) {
                assertEquals("HTTP/1.1 200 ", holder.headers(Duration.ofSeconds(30)));
                Download vanishing = new Download();
                awaitMetric(http, "assisted_image_service_requests_waiting", v -> v == 1);
                vanishing.close();
                second.close();
                awaitMetric(http, "assisted_image_service_requests_waiting", v -> v == 0);
            }
        }
        awaitMetric(http, "assisted_image_service_request_slots_in_use", v -> v == 0);
        double lost = metric(http, "assisted_image_service_downloads_aborted_total") - abortedBefore
                + metric(http, "assisted_image_service_requests_abandoned_waiting_total");
        assertEquals(4, lost, "first, second, holder and the vanished waiter are each counted once");
        try (Download again1 = new Download(); Download again2 = new Download()) {
            assertEquals("HTTP/1.1 200 ", again1.headers(Duration.ofSeconds(30)));
            assertEquals("HTTP/1.1 200 ", again2.headers(Duration.ofSeconds(30)), "both slots are free again");
        }
    }

    @Test
    void metricsUseRouteTemplatesAndCoverRuntimeAndAssistedService() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        awaitReady(http);
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(base + "images/" + IMAGE_ID
                + "?version=4.17&type=full-iso")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("X-Request-Id", "ops-head-1").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals(Optional.of("ops-head-1"), head.headers().firstValue("X-Request-Id"));
        String scrape = scrape(http);
        assertFalse(scrape.contains(IMAGE_ID), "no image id in any label");
        assertTrue(scrape.contains("assisted_image_service_http_request_duration_seconds_count{code=\"200\","
                + "handler=\"/images/:imageID\",method=\"HEAD\",service=\"\"}"), scrape);
        assertTrue(scrape.contains("assisted_image_service_assisted_service_call_duration_seconds_count{"
                + "call=\"ignition\",outcome=\"success\"}"), scrape);
        assertTrue(scrape.contains("assisted_image_service_image_state{image=\"" + VERSION + "/x86_64/full-iso\","
                + "state=\"ready\"} 1.0"), scrape);
        assertTrue(scrape.contains("assisted_image_service_image_download_progress_percent{image=\"" + VERSION
                + "/x86_64/full-iso\"} 100.0"), scrape);
        assertTrue(scrape.contains("assisted_image_service_template_build_duration_seconds_count{"
                + "outcome=\"success\",step=\"minimal-iso-template\"} 1"), scrape);
        assertTrue(scrape.contains("jvm_memory_used_bytes{"), "JVM metrics");
        assertTrue(scrape.contains("tomcat_threads_busy_threads{name=\"http-nio-"), "Tomcat thread pool");
    }

    private void awaitReady(HttpClient http) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (http.send(HttpRequest.newBuilder(URI.create(base + "health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("service did not become ready");
            }
            Thread.sleep(200);
        }
    }

    private String scrape(HttpClient http) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private double metric(HttpClient http, String name) throws Exception {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape(http));
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private void awaitMetric(HttpClient http, String name, DoublePredicate condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double value = metric(http, name);
        while (!condition.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " stayed at " + value);
            }
            Thread.sleep(100);
            value = metric(http, name);
        }
    }
}

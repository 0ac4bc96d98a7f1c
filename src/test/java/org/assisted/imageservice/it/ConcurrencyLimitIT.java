package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MAX_CONCURRENT_REQUESTS=2 (docs/upstream-behaviour.md#concurrency-limit) with downloads held open by clients that
 * stop reading: a third request waits, without blocking the probes, and is served once a slot frees; a waiting client
 * that goes away is counted (as an aborted download when its turn comes: Tomcat does not watch idle asynchronous
 * requests) and leaks no slot. Also checks the metrics of the run (route templates only, never an image id).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConcurrencyLimitIT {

    private static final String IMAGE_ID = "7e0a4c2d-95b1-4f3e-a6d8-1c2b3a4d5e6f";
    private static final String VERSION = "418.94.202501221327-0";
    /** Far more than loopback socket buffers hold, so that a client that stops reading blocks the server. */
    private static final long ROOTFS_BYTES = 24L << 20;
    private static final int SMALL_RECEIVE_BUFFER_BYTES = 4096;
    private static final Duration WAIT_PROOF = Duration.ofMillis(1500);

    @AutoClose
    private static FakeAssistedService assisted;
    private static long isoSize;

    @ArquillianResource
    private URL base;
    private ItMetrics metrics;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        Path work = Deployments.workDir("concurrency");
        Path iso = TestIsos.x86_64("rhcos-" + VERSION).rootfsSize(ROOTFS_BYTES)
                .buildWithXorriso(Files.createDirectories(work.resolve("src")));
        isoSize = Files.size(iso);
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}");
        return Deployments.war("concurrency", Map.of(
                "DATA_DIR", Files.createDirectories(work.resolve("data")).toString(),
                "DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                "MAX_CONCURRENT_REQUESTS", "2",
                "IMAGE_SERVICE_BASE_URL", "http://127.0.0.1:" + System.getProperty("it.http.port"),
                "MIN_ROOTFS_SIZE", "1048576",
                "MIN_KERNEL_SIZE", "1024",
                "OS_IMAGES", "[{\"openshift_version\":\"4.17\",\"cpu_architecture\":\"x86_64\",\"url\":\""
                        + iso.toUri() + "\",\"version\":\"" + VERSION + "\"}]"));
    }

    /** A full-ISO download on a raw socket with a small receive buffer; the test reads it only on demand. */
    private RawDownload download() throws IOException {
        return new RawDownload(base, "images/" + IMAGE_ID + "?version=4.17&type=full-iso", SMALL_RECEIVE_BUFFER_BYTES);
    }

    @BeforeEach
    void readMetrics() {
        metrics = new ItMetrics(base);
    }

    @Test
    void capHoldsRequestsBeyondTheLimitAndReleasesSlotsOfVanishedClients() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        awaitReady(http);
        double abortedBefore = metrics.value("assisted_image_service_downloads_aborted_total");
        try (RawDownload first = download(); RawDownload second = download()) {
            assertEquals("HTTP/1.1 200 ", first.headers(Duration.ofSeconds(30)));
            assertEquals("HTTP/1.1 200 ", second.headers(Duration.ofSeconds(30)));
            try (RawDownload third = download()) {
                assertThrows(SocketTimeoutException.class, () -> third.headers(WAIT_PROOF), "third must wait");
                metrics.await("assisted_image_service_requests_waiting", v -> v == 1);
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "live")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(), "probes are not starved");
                first.close();
                assertEquals("HTTP/1.1 200 ", third.headers(Duration.ofSeconds(30)));
                assertEquals(isoSize, third.readBody(), "the waiting request is served in full");
            }
            try (RawDownload holder = download()) {
                assertEquals("HTTP/1.1 200 ", holder.headers(Duration.ofSeconds(30)));
                RawDownload vanishing = download();
                metrics.await("assisted_image_service_requests_waiting", v -> v == 1);
                vanishing.close();
                second.close();
                metrics.await("assisted_image_service_requests_waiting", v -> v == 0);
            }
        }
        metrics.await("assisted_image_service_request_slots_in_use", v -> v == 0);
        double lost = metrics.value("assisted_image_service_downloads_aborted_total") - abortedBefore
                + metrics.value("assisted_image_service_requests_abandoned_waiting_total");
        assertEquals(4, lost, "first, second, holder and the vanished waiter are each counted once");
        try (RawDownload again1 = download(); RawDownload again2 = download()) {
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
        String scrape = metrics.scrape();
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
}

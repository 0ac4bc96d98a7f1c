package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.assisted.imageservice.it.ItImages.Entry;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading without closing does not hold its MAX_CONCURRENT_REQUESTS slot forever: Tomcat's NIO
 * connector uses {@code connectionTimeout} as the timeout of a blocking write ({@code NioEndpoint.setSocketOptions}
 * sets the socket's write timeout from it), so once the client's receive window and the server's send buffer are
 * full, the write fails after that long, the download is counted as aborted and the slot goes to the next request.
 * Runs in a {@link StandaloneTomcat} laid out from {@code tomcat-conf/}, with CONNECTION_TIMEOUT_MS lowered to
 * {@value #WRITE_TIMEOUT_MS} ms, which also proves that the connector reads the variable.
 */
class StalledClientIT {

    private static final String IMAGE_ID = "9d4b2e6f-1a3c-4d5e-8f7a-6b5c4d3e2f1a";
    private static final String VERSION = "417.94.202410090854-0";
    private static final String ISO_PATH = "images/" + IMAGE_ID + "?version=4.17&type=full-iso";
    /** Far more than the loopback socket buffers hold, so that a client that stops reading blocks the server. */
    private static final long ROOTFS_BYTES = 24L << 20;
    private static final int STALLED_RECEIVE_BUFFER_BYTES = 4096;
    private static final int NORMAL_RECEIVE_BUFFER_BYTES = 64 * 1024;
    private static final long WRITE_TIMEOUT_MS = 2000;
    /** The server may block on the full buffers slightly before the client has parsed the header block. */
    private static final long BLOCKED_BEFORE_HEADERS_READ_MS = 500;
    /** Shorter than the write timeout: the second request must still be waiting then. */
    private static final Duration STILL_WAITING = Duration.ofMillis(1000);
    /** The write timeout plus time for the server to fill the buffers and Tomcat to close the connection. */
    private static final Duration SLOT_FREED_WITHIN = Duration.ofMillis(WRITE_TIMEOUT_MS + 8000);
    private static final String ABORTED = "assisted_image_service_downloads_aborted_total";

    @Test
    void readerThatStopsLosesItsSlotAfterTheWriteTimeout() throws Exception {
        Path work = Deployments.workDir("stalled-client");
        Path iso = TestIsos.x86_64("rhcos-" + VERSION).rootfsSize(ROOTFS_BYTES)
                .buildWithXorriso(Files.createDirectories(work.resolve("src")));
        int port = TestPorts.http();
        try (FakeAssistedService assisted = FakeAssistedService.start()) {
            assisted.image(IMAGE_ID).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}");
            Map<String, String> parameters = new HashMap<>(ItImages.parameters(work, assisted,
                    List.of(Entry.full("4.17", "x86_64", VERSION, iso))));
            parameters.put("MAX_CONCURRENT_REQUESTS", "1");
            try (StandaloneTomcat tomcat = StandaloneTomcat.start(Files.createDirectories(work.resolve("base")),
                    Map.of("LISTEN_PORT", Integer.toString(port),
                            "CONNECTION_TIMEOUT_MS", Long.toString(WRITE_TIMEOUT_MS)),
                    parameters, port)) {
                String root = "http://127.0.0.1:" + port;
                TestPorts.awaitLive(HttpClient.newHttpClient(), root);
                URL base = URI.create(root + "/").toURL();
                new ItHttp(base).awaitHealthy();
                assertStalledReaderReleasesItsSlot(base, Files.size(iso), "Tomcat logs in " + tomcat.logs());
            }
        }
    }

    private static void assertStalledReaderReleasesItsSlot(URL base, long isoSize, String logs) throws Exception {
        ItMetrics metrics = new ItMetrics(base);
        double abortedBefore = metrics.value(ABORTED);
        try (RawDownload stalled = new RawDownload(base, ISO_PATH, STALLED_RECEIVE_BUFFER_BYTES)) {
            assertEquals("HTTP/1.1 200 ", stalled.headers(Duration.ofSeconds(30)));
            long stalledAt = System.nanoTime();
            try (RawDownload next = new RawDownload(base, ISO_PATH, NORMAL_RECEIVE_BUFFER_BYTES)) {
                assertThrows(SocketTimeoutException.class, () -> next.headers(STILL_WAITING), "the slot is held");
                assertEquals("HTTP/1.1 200 ", next.headers(SLOT_FREED_WITHIN), "the slot was released; " + logs);
                Duration waited = Duration.ofNanos(System.nanoTime() - stalledAt);
                System.out.println("StalledClientIT: the next request got the slot after " + waited.toMillis() + " ms");
                assertTrue(waited.toMillis() >= WRITE_TIMEOUT_MS - BLOCKED_BEFORE_HEADERS_READ_MS,
                        "released after " + waited.toMillis() + " ms");
                assertEquals(isoSize, next.readBody(), "the next request is served in full");
            }
            assertEquals(1, metrics.value(ABORTED) - abortedBefore,
                    "the stalled download is counted as aborted; " + logs);
        }
        metrics.await("assisted_image_service_request_slots_in_use", v -> v == 0);
    }
}

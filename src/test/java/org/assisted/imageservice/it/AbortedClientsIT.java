package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.assisted.imageservice.it.ItHttp.Reply;
import org.assisted.imageservice.it.ItImages.Entry;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@value #DOWNLOADS} downloads of the customized full ISO and of the PXE initrd, each cut off by its client after a
 * random number of response bytes (none, part of the headers, shallow or deep in the body, just before the end),
 * half with a FIN and half with an RST, {@value #CONCURRENCY} at a time. Afterwards the Tomcat process holds no
 * more file descriptors or threads than after a warm-up, no request is in flight, no slot is held, the abort
 * counter grew within sound bounds, and a full download is still byte-correct. The seed ({@code -Dit.abort.seed})
 * is in every failure message.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AbortedClientsIT {

    private static final String IMAGE_ID = "3c9e7d1a-5f2b-4e8c-9a6d-2b1f0e4c7a58";
    private static final String VERSION = "417.94.202410090854-0";
    private static final String CONFIG = "{\"ignition\":{\"version\":\"3.2.0\"},\"storage\":{\"files\":[]}}";
    private static final String ISO_PATH = "images/" + IMAGE_ID + "?version=4.17&type=full-iso";
    private static final String INITRD_PATH = "images/" + IMAGE_ID + "/pxe-initrd?version=4.17";
    private static final long ROOTFS_BYTES = 16L << 20;
    private static final long INITRD_BYTES = 8L << 20;
    private static final int DOWNLOADS = 1000;
    private static final int CONCURRENCY = 16;
    private static final int RECEIVE_BUFFER_BYTES = 64 * 1024;
    /** Clients that abort "near the end" leave at least this many bytes unread... */
    private static final long NEAR_END_MIN_BYTES = 16;
    /** ...and at most this many more. */
    private static final long NEAR_END_SPREAD_BYTES = 64 * 1024;
    /**
     * What the server buffers besides the kernel's socket buffers, rounded up: Tomcat's socket.appWriteBufSize
     * (256 KiB), its 8 KiB response buffer and the application's 256 KiB copy buffer.
     */
    private static final long SERVER_BUFFER_BYTES = 1L << 20;
    /**
     * Descriptors that come and go without a leak: the JMX connection's sockets and keep-alive connections of the
     * test's HTTP clients. A leak of one descriptor in 200 aborted downloads already exceeds it. The application's
     * pool of assisted-service connections only shrinks after the warm-up (which ran more requests at once than
     * the run, and whose idle connections the fake assisted-service closes), so it makes the count fall, never
     * rise: the check is one-sided, and the run prints both counts.
     */
    private static final long FD_TOLERANCE = 5;
    /**
     * Tomcat's executor already grew to the run's concurrency during the warm-up; its idle threads are only
     * trimmed after a minute, so they stay in the baseline. The slack covers a worker added while an aborted
     * request was still being torn down as the next one arrived.
     */
    private static final long THREAD_TOLERANCE = 2;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final String ABORTED = "assisted_image_service_downloads_aborted_total";

    @AutoClose
    private static FakeAssistedService assisted;
    private static Path work;
    private static Path baseIso;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        work = Deployments.workDir("aborted-clients");
        baseIso = TestIsos.x86_64("rhcos-" + VERSION).rootfsSize(ROOTFS_BYTES).initrdSize(INITRD_BYTES)
                .buildWithXorriso(Files.createDirectories(work.resolve("src")));
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition(CONFIG);
        return Deployments.war("aborted-clients", ItImages.parameters(work, assisted,
                List.of(Entry.full("4.17", "x86_64", VERSION, baseIso))));
    }

    /** A route and the sizes of its response. */
    private record Route(String path, long headerBytes, long totalBytes) {
    }

    /**
     * One client.
     *
     * @param bytes how many bytes of the response, headers included, it reads before closing
     * @param reset whether it closes with an RST instead of a FIN
     */
    private record Client(Route route, long bytes, boolean reset) {

        /** @return the bytes it read */
        long run(URL base) throws IOException {
            try (RawDownload download = new RawDownload(base, route.path(), RECEIVE_BUFFER_BYTES)) {
                long read = download.read(bytes);
                if (reset) {
                    download.reset();
                }
                return read;
            }
        }

        /**
         * Whether the server is sure to notice this client's abort while writing the body: it had sent bytes, so
         * the body writer was running (it commits the headers), and so much was left that the client's receive
         * buffer, the kernel's largest send buffer and the server's own buffers could not hold it all.
         */
        boolean abortSeenInBody(long read, long undetectableTail) {
            return read > 0 && route.totalBytes() - read > undetectableTail;
        }
    }

    @Test
    void thousandAbortedDownloadsLeaveNoFdThreadOrSlotBehind() throws Exception {
        ItHttp http = new ItHttp(base);
        ItMetrics metrics = new ItMetrics(base);
        http.awaitHealthy();
        List<Route> routes = List.of(measure(ISO_PATH), measure(INITRD_PATH));
        long seed = Long.getLong("it.abort.seed", System.nanoTime());
        String context = "seed " + seed + " (rerun with -Dit.abort.seed=" + seed + ")";
        System.out.println("AbortedClientsIT: " + context + ", routes " + routes);
        try (TomcatJvm jvm = TomcatJvm.connect(Integer.getInteger("it.jmx.port"))) {
            List<Client> warmUp = new ArrayList<>();
            for (int i = 0; i < 2 * CONCURRENCY; i++) {
                warmUp.add(new Client(routes.get(i % routes.size()), Long.MAX_VALUE, false));
            }
            List<Long> warmUpRead = run(warmUp, 2 * CONCURRENCY);
            for (int i = 0; i < warmUp.size(); i++) {
                assertEquals(warmUp.get(i).route().totalBytes(), warmUpRead.get(i), "warm-up download " + i);
            }
            metrics.await("assisted_image_service_http_requests_inflight", v -> v == 0);
            JvmFootprint baseline = JvmFootprint.settled(jvm);
            double abortedBefore = metrics.value(ABORTED);

            List<Client> clients = clients(new Random(seed), routes);
            long started = System.nanoTime();
            List<Long> read = run(clients, CONCURRENCY);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            metrics.await("assisted_image_service_http_requests_inflight", v -> v == 0);
            metrics.await("assisted_image_service_request_slots_in_use", v -> v == 0);
            JvmFootprint limit = baseline.plus(FD_TOLERANCE, THREAD_TOLERANCE);
            JvmFootprint after = JvmFootprint.awaitAtMost(jvm, limit, SETTLE_TIMEOUT);
            assertTrue(after.within(limit), context + ": " + after + " after the aborts, baseline " + baseline);

            long undetectableTail = undetectableTail();
            long surelyAborted = 0;
            for (int i = 0; i < clients.size(); i++) {
                surelyAborted += clients.get(i).abortSeenInBody(read.get(i), undetectableTail) ? 1 : 0;
            }
            double counted = metrics.value(ABORTED) - abortedBefore;
            System.out.println("AbortedClientsIT: " + DOWNLOADS + " aborts in " + took.toMillis() + " ms, " + counted
                    + " counted, at least " + surelyAborted + " expected; baseline " + baseline + ", after " + after);
            assertTrue(counted >= surelyAborted && counted <= DOWNLOADS, context + ": " + counted
                    + " aborts counted, expected between " + surelyAborted + " and " + DOWNLOADS);
            assertTrue(metrics.value("tomcat_threads_busy_threads") <= 1, context + ": only the scrape is busy");
        }
        assertServedIsoIsCorrect(http.get(ISO_PATH));
    }

    /** Reads one response in full: the size of its header block and of everything. */
    private Route measure(String path) throws IOException {
        try (RawDownload download = new RawDownload(base, path, RECEIVE_BUFFER_BYTES)) {
            assertEquals("HTTP/1.1 200 ", download.headers(Duration.ofSeconds(30)), path);
            long headerBytes = download.received();
            download.readBody();
            return new Route(path, headerBytes, download.received());
        }
    }

    /** Alternately FIN and RST; a route and a read length drawn from {@code random} for each. */
    private static List<Client> clients(Random random, List<Route> routes) {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < DOWNLOADS; i++) {
            Route route = routes.get(random.nextInt(routes.size()));
            clients.add(new Client(route, readLength(random, route), i % 2 == 1));
        }
        return clients;
    }

    /**
     * 10 % read nothing, 10 % stop inside the headers, 5 % just before the end, 20 % at a uniformly drawn offset
     * of the body, and 55 % at a log-uniformly drawn one (as many shallow as deep ones, without streaming
     * gigabytes).
     */
    private static long readLength(Random random, Route route) {
        long header = route.headerBytes();
        long body = route.totalBytes() - header;
        int kind = random.nextInt(100);
        if (kind < 10) {
            return 0;
        }
        if (kind < 20) {
            return 1 + random.nextLong(header - 1);
        }
        if (kind < 25) {
            return route.totalBytes() - NEAR_END_MIN_BYTES - random.nextLong(NEAR_END_SPREAD_BYTES);
        }
        long inBody = kind < 45 ? random.nextLong(body) : (long) Math.exp(random.nextDouble() * Math.log(body));
        return header + Math.min(inBody, body - NEAR_END_MIN_BYTES);
    }

    /** Runs every client, {@code parallel} at a time; returns the bytes each read, in order. */
    private List<Long> run(List<Client> clients, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Callable<Long>> tasks = clients.stream().<Callable<Long>>map(c -> () -> c.run(base)).toList();
            List<Long> read = new ArrayList<>();
            for (Future<Long> result : pool.invokeAll(tasks, RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                read.add(result.get());
            }
            return read;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The most a response may have left when its client goes away and still be written in full without the
     * server noticing: the kernel's largest autotuned send buffer ({@code tcp_wmem} maximum; Tomcat sets no
     * SO_SNDBUF), the client's receive buffer (the kernel doubles the requested size) and the server's buffers.
     */
    private static long undetectableTail() throws IOException {
        String[] wmem = Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_wmem")).get(0).trim().split("\\s+");
        return Long.parseLong(wmem[2]) + 2L * RECEIVE_BUFFER_BYTES + SERVER_BUFFER_BYTES;
    }

    /** The base ISO byte for byte, except the ignition area, which holds the configured ignition. */
    private void assertServedIsoIsCorrect(Reply reply) throws IOException {
        assertEquals(200, reply.status());
        byte[] expected = Files.readAllBytes(baseIso);
        byte[] served = reply.body();
        assertEquals(expected.length, served.length);
        IsoTools tools = new IsoTools(Files.createDirectories(work.resolve("scratch")));
        int area = (int) tools.offsetOf(baseIso, "/images/ignition.img");
        int areaEnd = area + TestIsos.IGNITION_AREA_BYTES;
        assertTrue(Arrays.equals(expected, 0, area, served, 0, area), "bytes before the ignition area");
        assertTrue(Arrays.equals(expected, areaEnd, expected.length, served, areaEnd, served.length),
                "bytes after the ignition area");
        assertEquals(CONFIG, tools.ignitionConfig(Arrays.copyOfRange(served, area, areaEnd)));
    }
}

package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploy, reload and undeploy through the Manager's text interface, 20 times in one Tomcat, some of them with an
 * OS image download in flight. After every undeploy nothing of the application may survive: no thread of ours,
 * no extra open file descriptor, no class loader that {@code findleaks} still finds, no temp file in DATA_DIR,
 * no leak warning of Tomcat's class loader in its logs; and the next deployment works.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LifecycleIT {
    private static final String PATH = "/lc";
    private static final int CYCLES = 20;
    private static final String IMAGE_ID = "6f1c1a3e-2a5b-4c3d-8e9f-0a1b2c3d4e5f";
    private static final String VERSION = "418.94.202501221327-0";
    private static final String SLOW_VERSION = "419.96.202502010000-0";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(20);
    /** Sockets of the JMX connection and of pooled HTTP connections come and go. */
    private static final long FD_NOISE = 5;
    /** Threads the application starts: the image store, HttpClient's reactor, pool and evictor threads. */
    private static final List<String> OUR_THREAD_PREFIXES = List.of("image-store-", "assisted-service-io",
            "httpclient-", "idle-connection-evictor", "jersey-", "hk2-");

    private static FakeAssistedService assisted;
    private static IsoMirror stallingMirror;
    private static Path work;
    private static Path baseIso;
    private static Path readyWar;
    private static Path inFlightWar;
    private static Path slowData;
    private static TomcatLeakLogs logs;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI tomcat = URI.create("http://127.0.0.1:" + System.getProperty("it.http.port") + "/");
    private final URI service = tomcat.resolve(PATH + "/");

    @BeforeAll
    static void prepare() throws Exception {
        work = Deployments.workDir("lifecycle");
        baseIso = TestIsos.x86_64("rhcos-" + VERSION).rootfsSize(3 << 20)
                .buildWithXorriso(Files.createDirectories(work.resolve("src")));
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}");
        stallingMirror = IsoMirror.holdingAfter(baseIso, 1 << 20);
        slowData = Files.createDirectories(work.resolve("data-slow"));
        readyWar = war("ready", baseIso.toUri().toString(), VERSION, Files.createDirectories(work.resolve("data")));
        inFlightWar = war("in-flight", stallingMirror.url().toString(), SLOW_VERSION, slowData);
        logs = TomcatLeakLogs.from(Path.of(System.getProperty("catalina.home"), "logs"));
    }

    @AfterAll
    static void stop() {
        stallingMirror.close();
        assisted.close();
    }

    @Test
    void twentyManagerCyclesLeaveNothingBehind() throws Exception {
        ManagerText manager = new ManagerText(http, tomcat, "arquillian", "arquillian");
        List<String> measurements = new ArrayList<>();
        try (TomcatJvm jvm = TomcatJvm.connect(Integer.getInteger("it.jmx.port"))) {
            List<String> threadsBefore = jvm.threadNames();
            long fdsBefore = JvmFootprint.settled(jvm).fileDescriptors();
            long baseline = -1;
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                boolean inFlight = cycle % 4 == 3;
                if (inFlight) {
                    inFlightCycle(manager, cycle % 8 == 7);
                } else {
                    readyCycle(manager);
                }
                manager.undeploy(PATH);
                assertNothingLeft(jvm, manager, threadsBefore);
                long fds = JvmFootprint.settled(jvm).fileDescriptors();
                measurements.add("cycle " + cycle + (inFlight ? " (download in flight)" : "") + ": " + fds + " fds");
                if (baseline < 0) {
                    baseline = fds;
                } else {
                    JvmFootprint limit = new JvmFootprint(baseline + FD_NOISE, Long.MAX_VALUE);
                    JvmFootprint after = JvmFootprint.awaitAtMost(jvm, limit, SETTLE);
                    assertTrue(after.within(limit), "open fds " + after.fileDescriptors() + " after cycle " + cycle
                            + ", baseline " + baseline);
                }
            }
            System.out.println("LifecycleIT: " + fdsBefore + " fds before the first deployment; " + measurements);
        }
        assertEquals(List.of(), logs.leakWarnings("lc"), "Tomcat's leak detection warned about the application");
    }

    /** Deploys a service whose image is ready, reloads it, and checks that it serves an ISO. */
    private void readyCycle(ManagerText manager) throws Exception {
        manager.deploy(PATH, readyWar);
        awaitHealthy();
        manager.reload(PATH);
        awaitHealthy();
        assertEquals(Files.size(baseIso), downloadIsoLength());
        assertTrue(get("metrics").body().contains("assisted_image_service_http_request_duration_seconds_bucket"));
    }

    /** Deploys a service whose only image download stalls; optionally reloads while it is in flight. */
    private void inFlightCycle(ManagerText manager, boolean reloadToo) throws Exception {
        int before = stallingMirror.requests();
        manager.deploy(PATH, inFlightWar);
        awaitDownloadInFlight(before + 1);
        if (reloadToo) {
            manager.reload(PATH);
            awaitDownloadInFlight(before + 2);
        }
        assertEquals(503, get("health").statusCode());
    }

    private void awaitDownloadInFlight(int requests) throws Exception {
        assertTrue(awaitCondition(() -> stallingMirror.requests() >= requests && partFiles().size() == 1),
                "no download in flight: " + stallingMirror.requests() + " requests, " + partFiles());
    }

    private void assertNothingLeft(TomcatJvm jvm, ManagerText manager, List<String> threadsBefore) throws Exception {
        assertEquals(List.of(), partFiles(), "download temp files left in DATA_TEMP_DIR");
        assertTrue(awaitCondition(() -> ourThreads(jvm.threadNames(), threadsBefore).isEmpty()),
                "threads survived the undeploy: " + ourThreads(jvm.threadNames(), threadsBefore));
        assertTrue(awaitCondition(() -> {
            try {
                return !manager.findLeaks().contains(PATH);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }), "findleaks still reports " + PATH + ": " + manager.findLeaks());
    }

    private static List<String> ourThreads(List<String> names, List<String> before) {
        return names.stream().filter(n -> !before.contains(n))
                .filter(n -> OUR_THREAD_PREFIXES.stream().anyMatch(n::startsWith)).toList();
    }

    /** Downloads in progress: their files in the deployment's DATA_TEMP_DIR (published into DATA_DIR when done). */
    private static List<Path> partFiles() {
        try (Stream<Path> files = Files.list(work.resolve("tmp-in-flight"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("assisted-image-")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long downloadIsoLength() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                service.resolve("images/" + IMAGE_ID + "?version=4.17&type=full-iso")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body().length;
    }

    private void awaitHealthy() throws Exception {
        assertTrue(awaitCondition(() -> get("health").statusCode() == 200), "the service did not become ready");
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(service.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private static Path war(String name, String imageUrl, String version, Path data) throws IOException {
        Path war = work.resolve(name + ".war");
        Deployments.war(name, Map.of(
                        "DATA_DIR", data.toString(),
                        "DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp-" + name)).toString(),
                        "ASSISTED_SERVICE_SCHEME", "http",
                        "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                        "MIN_ROOTFS_SIZE", "1048576",
                        "MIN_KERNEL_SIZE", "1024",
                        "OS_IMAGES", "[{\"openshift_version\":\"4.17\",\"cpu_architecture\":\"x86_64\",\"url\":\""
                                + imageUrl + "\",\"version\":\"" + version + "\"}]"))
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        return war;
    }
}

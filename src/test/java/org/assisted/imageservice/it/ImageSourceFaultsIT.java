package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assisted.imageservice.it.ItHttp.Reply;
import org.assisted.imageservice.it.SourceFaultMirror.Fault;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OS image source faults during start-up, in a real Tomcat. One deployment has one OS_IMAGES entry per fault of
 * {@link #ROWS}, all served by a {@link SourceFaultMirror}: each must be retried with backoff, named on
 * {@code /health}, never leave anything under the image's name in DATA_DIR, and recover once the mirror is healthy.
 * Then a {@link StandaloneTomcat} is killed with SIGKILL in the middle of a download and restarted on the same
 * DATA_DIR.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageSourceFaultsIT {
    private static final String IMAGE_ID = "5c0f9a3e-7d21-4b6e-a8f4-3e2d1c0b9a87";
    private static final String IGNITION = "{\"ignition\":{\"version\":\"3.2.0\"}}";
    private static final long MIN_ROOTFS_BYTES = 1 << 20;
    /** OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS=1 and equal jitter: no retry comes sooner than 0.5 s. */
    private static final long MIN_RETRY_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(450);
    private static final Duration OBSERVE = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;
    private static final String CRASH_VERSION = "417.94.202410090854-0";
    private static final int HELD_AFTER_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One source fault.
     *
     * @param wrongFile what the mirror serves for {@link Fault#WRONG_FILE}, else null
     * @param reason    what the image's {@code /health} entry must say after each failed attempt
     * @param pinned    whether the entry names the SHA-256 of the good ISO
     */
    private record Row(String openshiftVersion, String version, Fault fault, TestIsos wrongFile, String reason,
                       boolean pinned) {
        Row(String openshiftVersion, String version, Fault fault, TestIsos wrongFile, String reason) {
            this(openshiftVersion, version, fault, wrongFile, reason, false);
        }

        String path() {
            return "/" + fault.name().toLowerCase(Locale.ROOT) + "-" + openshiftVersion + ".iso";
        }

        String healthName() {
            return version + "/x86_64/full-iso";
        }

        String fileName() {
            return "rhcos-full-iso-" + version + "-x86_64.iso";
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row("4.10", "410.84.202205191234-0", Fault.SERVER_ERROR, null, "returned error code 500"),
            new Row("4.11", "411.86.202210041459-0", Fault.TRUNCATED, null, "unexpected EOF"),
            new Row("4.12", "412.86.202301311551-0", Fault.STALLED, null, "Read timed out"),
            new Row("4.13", "413.92.202307260246-0", Fault.WRONG_FILE,
                    TestIsos.x86_64("Fedora-S-dvd-x86_64-37").rootfsSize(MIN_ROOTFS_BYTES),
                    "ISO volume identifier (Fedora-S-dvd-x86_64-37) is invalid"),
            new Row("4.14", "414.92.202310210434-0", Fault.WRONG_FILE, TestIsos.x86_64("rhcos-414.92.202310210434-0"),
                    "rootfs size 32768 bytes is below minimum " + MIN_ROOTFS_BYTES),
            // a valid RHCOS ISO, but not the one whose SHA-256 the entry names
            new Row("4.15", "415.92.202402201450-0", Fault.WRONG_FILE,
                    TestIsos.x86_64("rhcos-415.92.202402201450-0").rootfsSize(MIN_ROOTFS_BYTES + 4096),
                    "but OS_IMAGES names ", true));
    private static final String META_DIR = ".assisted-image-service";

    private static final Set<String> TEMP_AND_LOCK_FILES = ROWS.stream()
            .flatMap(row -> Stream.of(row.fileName() + ".lock", META_DIR)).collect(Collectors.toSet());

    private static Path work;
    private static FakeAssistedService assisted;
    private static SourceFaultMirror mirror;
    private static Map<Row, Path> goodIsos;
    private static Path dataDir;
    private static WatchService dataDirEvents;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        work = Deployments.workDir("source-faults");
        Path src = Files.createDirectories(work.resolve("src"));
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition(IGNITION);
        mirror = SourceFaultMirror.start();
        goodIsos = new HashMap<>();
        List<ItImages.Entry> entries = new ArrayList<>();
        for (Row row : ROWS) {
            Path good = TestIsos.x86_64("rhcos-" + row.version()).rootfsSize(MIN_ROOTFS_BYTES)
                    .writeWithXorriso(src.resolve("good-" + row.version() + ".iso"));
            Path wrong = row.wrongFile() == null ? null
                    : row.wrongFile().writeWithXorriso(src.resolve("wrong-" + row.version() + ".iso"));
            goodIsos.put(row, good);
            URI url = mirror.route(row.path(), row.fault(), good, wrong);
            entries.add(new ItImages.Entry(row.openshiftVersion(), "x86_64", row.version(), "full-iso", url.toString(),
                    row.pinned() ? sha256sum(good) : null));
        }
        Map<String, String> parameters = parameters(work, entries);
        dataDir = Path.of(parameters.get("DATA_DIR"));
        // Registered before the deployment starts downloading: inotify then reports every name ever created.
        dataDirEvents = dataDir.getFileSystem().newWatchService();
        dataDir.register(dataDirEvents, StandardWatchEventKinds.ENTRY_CREATE);
        return Deployments.war("source-faults", parameters);
    }

    @AfterAll
    static void stop() throws IOException {
        dataDirEvents.close();
        mirror.close();
        assisted.close();
    }

    @Test
    @Order(1)
    void everyFaultIsRetriedWithBackoffNamedOnHealthAndRecoveredWithoutAWrongFileInDataDir() throws Exception {
        ItHttp http = new ItHttp(base);
        Set<String> created = new TreeSet<>();
        Map<String, Set<String>> reasons = observeFailures(http, created);
        for (Row row : ROWS) {
            Set<String> seen = reasons.get(row.healthName());
            assertTrue(seen.stream().allMatch(r -> r.contains(row.reason())), row + " reported " + seen);
            assertRetriedWithBackoff(row);
        }
        Set<String> finalNames = ROWS.stream().map(Row::fileName).collect(Collectors.toSet());
        assertEquals(List.of(), created.stream().filter(finalNames::contains).toList(),
                "a faulty download was stored under an image's name");

        mirror.heal();
        http.awaitHealthy();
        assertEquals(finalNames, names(dataDir, n -> !n.endsWith(".lock") && !n.equals(META_DIR)),
                "only the images are left in DATA_DIR");
        for (Row row : ROWS) {
            Path good = goodIsos.get(row);
            assertEquals(-1, Files.mismatch(good, dataDir.resolve(row.fileName())), row.fileName());
            assertServesIso(http.get("images/" + IMAGE_ID + "?version=" + row.openshiftVersion() + "&type=full-iso"),
                    good);
        }
    }

    @Test
    @Order(2)
    void aTomcatKilledMidDownloadRestartsOnTheSameDataDirAndServesTheImage() throws Exception {
        Path dir = Deployments.workDir("source-faults-crash");
        Path iso = TestIsos.x86_64("rhcos-" + CRASH_VERSION).rootfsSize(3 << 20)
                .buildWithXorriso(Files.createDirectories(dir.resolve("src")));
        try (IsoMirror slow = IsoMirror.holdingAfter(iso, HELD_AFTER_BYTES)) {
            Map<String, String> parameters = parameters(dir, List.of(
                    new ItImages.Entry("4.17", "x86_64", CRASH_VERSION, "full-iso", slow.url().toString())));
            parameters.remove("OS_IMAGE_DOWNLOAD_STALL_TIMEOUT_SECONDS"); // the held transfer must outlive the kill
            Path data = Path.of(parameters.get("DATA_DIR"));
            Path temp = Path.of(parameters.get("DATA_TEMP_DIR"));
            String stored = "rhcos-full-iso-" + CRASH_VERSION + "-x86_64.iso";
            int port = TestPorts.http();
            Map<String, String> env = Map.of("LISTEN_PORT", Integer.toString(port));

            Path firstBase = Files.createDirectories(dir.resolve("first"));
            try (StandaloneTomcat first = StandaloneTomcat.start(firstBase, env, parameters, port)) {
                long deadline = System.nanoTime() + OBSERVE.toNanos();
                while (sizes(temp).stream().noneMatch(size -> size >= HELD_AFTER_BYTES)) {
                    assertTrue(System.nanoTime() < deadline, "the mirror's first bytes never reached " + temp);
                    Thread.sleep(POLL_MILLIS / 5);
                }
                killJvm(firstBase);
            }
            assertEquals(Set.of(stored + ".lock", META_DIR), names(data, n -> true),
                    "after the kill: no image file in DATA_DIR, only the lock file and the leases");
            assertEquals(List.of((long) HELD_AFTER_BYTES), sizes(temp), "the transfer was written in DATA_TEMP_DIR");
            assertLockIsFree(data.resolve(stored + ".lock"));

            slow.release();
            Path secondBase = Files.createDirectories(dir.resolve("second"));
            try (StandaloneTomcat second = StandaloneTomcat.start(secondBase, env, parameters, port)) {
                String root = "http://127.0.0.1:" + port;
                TestPorts.awaitLive(HttpClient.newHttpClient(), root);
                ItHttp http = new ItHttp(URI.create(root + "/").toURL());
                http.awaitHealthy();
                assertEquals(Set.of(stored, stored + ".lock", META_DIR), names(data, n -> true));
                assertEquals(-1, Files.mismatch(iso, data.resolve(stored)));
                assertEquals(2, slow.requests(), "one download before the kill, one after the restart");
                assertEquals(List.of((long) HELD_AFTER_BYTES), sizes(temp),
                        "the killed instance's transfer stays until it is older than the lease time (5 minutes)");
                String console = StandaloneTomcat.read(second.logs().resolve("console.log"));
                assertFalse(console.contains("Waiting for another process"), console);
                assertServesIso(http.get("images/" + IMAGE_ID + "?version=4.17&type=full-iso"), iso);
            }
        }
    }

    /** Short timeouts and retry delays, no minimal-ISO templates: readiness is the full ISOs alone. */
    private static Map<String, String> parameters(Path dir, List<ItImages.Entry> entries) throws IOException {
        Map<String, String> parameters = ItImages.parameters(dir, assisted, entries);
        parameters.remove("IMAGE_SERVICE_BASE_URL");
        parameters.put("MIN_ROOTFS_SIZE", Long.toString(MIN_ROOTFS_BYTES));
        parameters.put("OS_IMAGE_DOWNLOAD_STALL_TIMEOUT_SECONDS", "1");
        parameters.put("OS_IMAGE_DOWNLOAD_RETRY_INITIAL_SECONDS", "1");
        parameters.put("OS_IMAGE_DOWNLOAD_RETRY_MAX_SECONDS", "2");
        return parameters;
    }

    /**
     * Polls {@code /health} (503 throughout) and DATA_DIR until every row was attempted twice and reported failed.
     *
     * @param created collects every name created in DATA_DIR
     * @return image name → the distinct failure reasons seen
     */
    private static Map<String, Set<String>> observeFailures(ItHttp http, Set<String> created) throws Exception {
        Map<String, Set<String>> reasons = new HashMap<>();
        ROWS.forEach(row -> reasons.put(row.healthName(), new TreeSet<>()));
        long deadline = System.nanoTime() + OBSERVE.toNanos();
        while (!ROWS.stream().allMatch(row -> mirror.arrivals(row.path()).size() >= 2
                && !reasons.get(row.healthName()).isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not every fault was retried and reported within " + OBSERVE + ": " + reasons);
            }
            Reply health = http.get("health");
            assertEquals(503, health.status(), health.text());
            assertEquals("application/json", health.requireHeader("Content-Type"));
            for (JsonNode image : JSON.readTree(health.body()).get("images")) {
                if (image.get("state").asText().equals("failed")) {
                    reasons.get(image.get("name").asText()).add(image.get("reason").asText());
                }
            }
            assertEquals(Set.of(), names(dataDir, n -> !TEMP_AND_LOCK_FILES.contains(n)),
                    "DATA_DIR holds more than temp and lock files while no source is healthy");
            created.addAll(drain(dataDirEvents));
            Thread.sleep(POLL_MILLIS);
        }
        created.addAll(drain(dataDirEvents));
        return reasons;
    }

    private static List<String> drain(WatchService events) {
        List<String> names = new ArrayList<>();
        WatchKey key;
        while ((key = events.poll()) != null) {
            for (WatchEvent<?> event : key.pollEvents()) {
                names.add(String.valueOf(event.context()));
            }
            key.reset();
        }
        return names;
    }

    private static void assertRetriedWithBackoff(Row row) {
        List<Long> arrivals = mirror.arrivals(row.path());
        assertTrue(arrivals.size() >= 2, row.path() + " was not retried");
        for (int i = 1; i < arrivals.size(); i++) {
            long gap = arrivals.get(i) - arrivals.get(i - 1);
            assertTrue(gap >= MIN_RETRY_GAP_NANOS, row.path() + ": attempt " + (i + 1) + " came "
                    + TimeUnit.NANOSECONDS.toMillis(gap) + " ms after the previous one");
        }
    }

    /** The served ISO has the base ISO's length and bytes except in the ignition area, which xorriso reads back. */
    private static void assertServesIso(Reply reply, Path baseIso) throws IOException {
        assertEquals(200, reply.status(), reply.text());
        byte[] original = Files.readAllBytes(baseIso);
        byte[] served = reply.body();
        assertEquals(original.length, served.length);
        IsoTools tools = new IsoTools(Files.createDirectories(work.resolve("scratch")));
        Path copy = Files.write(work.resolve("scratch/served-" + baseIso.getFileName()), served);
        assertEquals(IGNITION, tools.ignitionConfig(tools.extract(copy, "/images/ignition.img")));
        int area = (int) tools.offsetOf(baseIso, "/images/ignition.img");
        int end = area + TestIsos.IGNITION_AREA_BYTES;
        assertEquals(-1, Arrays.mismatch(original, 0, area, served, 0, area), "before the ignition area");
        assertEquals(-1, Arrays.mismatch(original, end, original.length, served, end, served.length),
                "after the ignition area");
    }

    /** SIGKILL to Tomcat's JVM itself (StandaloneTomcat starts java directly, no wrapper script). */
    private static void killJvm(Path catalinaBase) throws Exception {
        String marker = "-Dcatalina.base=" + catalinaBase;
        List<ProcessHandle> jvms = ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(marker)).orElse(false))
                .toList();
        assertEquals(1, jvms.size(), "processes started with " + marker);
        ProcessHandle jvm = jvms.get(0);
        String command = jvm.info().command().orElseThrow();
        assertTrue(command.endsWith("/java"), command);
        assertTrue(Arrays.asList(jvm.info().arguments().orElseThrow()).contains("org.apache.catalina.startup.Bootstrap"),
                "the JVM runs Tomcat's Bootstrap");
        assertTrue(jvm.destroyForcibly(), "SIGKILL sent");
        jvm.onExit().get(30, TimeUnit.SECONDS);
    }

    /** The dead instance's OS lock on the image went with its process. */
    private static void assertLockIsFree(Path lockFile) throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            assertNotNull(lock, lockFile + " is still locked");
        }
    }

    private static List<Long> sizes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.toFile().length()).toList();
        }
    }

    /** The digest as coreutils computes it. */
    private static String sha256sum(Path file) throws IOException {
        return ExternalTools.output(List.of("sha256sum", file.toString())).substring(0, 64);
    }

    private static Set<String> names(Path dir, Predicate<String> filter) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(filter).collect(Collectors.toSet());
        }
    }
}

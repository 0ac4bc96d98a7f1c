package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.FakeMirror.ok;
import static org.assisted.imageservice.store.FakeMirror.stall;
import static org.assisted.imageservice.store.FakeMirror.status;
import static org.assisted.imageservice.store.FakeMirror.truncated;
import static org.assisted.imageservice.store.Polling.await;
import static org.assisted.imageservice.store.TestConfigs.disconnected;
import static org.assisted.imageservice.store.TestConfigs.full;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.config.ServiceConfig.DownloadTls;
import org.assisted.imageservice.store.HealthReport.ImageHealth;

class ImageStoreTest extends MirroredStoreTest {
    private static final String V = "48.84.202109241901-0";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void downloadsEveryDeduplicatedImageAndBecomesReady() throws Exception {
        Path local = Files.write(dir.resolve("arm.iso"), iso);
        mirror.on("/4.8.iso", ok(iso)).on("/4.8.1.iso", ok(iso)).on("/disc.iso", ok(iso));
        List<OsImageEntry> images = List.of(
                full("4.8", "x86_64", mirror.url("/4.8.iso").toString(), V),
                full("4.8.1", "x86_64", mirror.url("/4.8.1.iso").toString(), V),
                disconnected("4.8", "x86_64", mirror.url("/disc.iso").toString(), V),
                full("4.9", "arm64", local.toUri().toString(), "49.84"));
        try (ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of())) {
            store.start();
            await(WAIT, () -> store.readiness().isReady());
            assertEquals(Set.of("rhcos-full-iso-" + V + "-x86_64.iso", "rhcos-disconnected-iso-" + V + "-x86_64.iso",
                    "rhcos-full-iso-49.84-arm64.iso"), names());
            assertEquals(0, mirror.requests("/4.8.iso").size(), "dedup keeps the highest openshift_version");
            assertEquals(1, mirror.requests("/4.8.1.iso").size());
            assertArrayEquals(iso, Files.readAllBytes(data.resolve("rhcos-full-iso-49.84-arm64.iso")));

            HealthReport health = store.health();
            assertTrue(health.ready());
            assertEquals(List.of(V + "/x86_64/full-iso", V + "/x86_64/disconnected-iso", "49.84/arm64/full-iso"),
                    health.images().stream().map(ImageHealth::name).toList());
            assertTrue(health.images().stream().allMatch(h -> h.state().equals("ready") && h.reason() == null));

            ReadyImage byOpenshift = store.ready("4.8", "x86_64", ImageType.FULL_ISO).orElseThrow();
            assertEquals(byOpenshift.path(), store.ready(V, "x86_64", ImageType.FULL_ISO).orElseThrow().path());
            assertEquals("rhcos-test-x86_64", byOpenshift.layout().volumeId());
            assertEquals(data.resolve("rhcos-disconnected-iso-" + V + "-x86_64.iso"),
                    store.ready("4.8.1", "x86_64", ImageType.DISCONNECTED_ISO).orElseThrow().path());
        }
    }

    @Test
    void distinguishesUnknownNotConfiguredNotReadyAndReady() throws Exception {
        mirror.on("/x.iso", stall(iso, 4096));
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", mirror.url("/x.iso").toString(), V));
        try (ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of())) {
            assertInstanceOf(Lookup.NotReady.class, store.lookup("4.8", "x86_64", ImageType.FULL_ISO));
            assertInstanceOf(Lookup.Unknown.class, store.lookup("4.8", "aarch64", ImageType.FULL_ISO));
            assertInstanceOf(Lookup.Unknown.class, store.lookup("4.9", "x86_64", ImageType.FULL_ISO));
            assertInstanceOf(Lookup.NotConfigured.class, store.lookup("4.8", "x86_64", ImageType.DISCONNECTED_ISO));
            assertInstanceOf(Lookup.NotConfigured.class, store.lookup(V, "x86_64", ImageType.MINIMAL_ISO));
            assertEquals("pending", store.health().images().get(0).state());
        }
    }

    @Test
    void startReturnsAtOnceAndCloseCancelsTheDownloadCleanly() throws Exception {
        mirror.on("/x.iso", stall(iso, 8192));
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", mirror.url("/x.iso").toString(), V));
        ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of());
        long start = System.nanoTime();
        store.start();
        assertTrue(System.nanoTime() - start < Duration.ofMillis(500).toNanos());
        await(WAIT, () -> store.health().images().get(0).percent() != null && store.health().images().get(0).percent() > 0);
        ImageHealth downloading = store.health().images().get(0);
        assertEquals("downloading", downloading.state());
        assertEquals(8192 * 100 / iso.length, downloading.percent());
        assertFalse(store.readiness().isReady());
        assertEquals(Set.of(), names(), "the transfer is written in DATA_TEMP_DIR");
        assertEquals(1, tempNames().size());

        long closing = System.nanoTime();
        store.close();
        store.close();
        assertTrue(System.nanoTime() - closing < Duration.ofSeconds(5).toNanos());
        assertEquals(Set.of(), names());
        assertEquals(Set.of(), tempNames());
        assertNoStoreThreads();
    }

    @Test
    void retriesServerErrorsAndTruncatedBodiesWithBackoff() throws Exception {
        mirror.on("/x.iso", status(500), truncated(iso, 10_000), ok(iso));
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", mirror.url("/x.iso?token=secret").toString(), V));
        List<String> reasons = new CopyOnWriteArrayList<>();
        try (ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of())) {
            store.start();
            await(WAIT, () -> {
                String reason = store.health().images().get(0).reason();
                if (reason != null && !reasons.contains(reason)) {
                    reasons.add(reason);
                }
                return store.readiness().isReady();
            });
            assertEquals(3, mirror.requests("/x.iso").size());
            assertArrayEquals(iso, Files.readAllBytes(data.resolve("rhcos-full-iso-" + V + "-x86_64.iso")));
            assertTrue(reasons.stream().noneMatch(r -> r.contains("secret")), reasons.toString());
        }
    }

    @Test
    void invalidVolumeIdIsDeletedAndReportedAsFailed() throws Exception {
        Path fedora = TestConfigs.iso(dir, "fedora.iso", "Fedora-S-dvd-x86_64-37",
                Map.of(TestConfigs.ROOTFS, TestConfigs.ROOTFS_BYTES, TestConfigs.VMLINUZ, TestConfigs.KERNEL_BYTES));
        mirror.on("/x.iso", ok(Files.readAllBytes(fedora)));
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", mirror.url("/x.iso").toString(), V));
        Duration slowRetry = Duration.ofSeconds(20);
        var config = TestConfigs.store(data, images, TestConfigs.download(Map.of(), Map.of(), new DownloadTls(false, null),
                TestConfigs.limits(TestConfigs.STALL, slowRetry, slowRetry)));
        try (ImageStore store = new ImageStore(config, List.of()); CreatedNames created = CreatedNames.watch(data)) {
            store.start();
            await(WAIT, () -> store.health().images().get(0).state().equals("failed"));
            ImageHealth health = store.health().images().get(0);
            assertEquals("failed", health.state());
            assertEquals("failed to validate " + data.resolve("rhcos-full-iso-" + V + "-x86_64.iso")
                    + ": ISO volume identifier (Fedora-S-dvd-x86_64-37) is invalid", health.reason());
            assertTrue(health.nextRetryAt() != null);
            assertFalse(store.health().ready());
            assertEquals(Set.of(), names());
            String stored = "rhcos-full-iso-" + V + "-x86_64.iso";
            assertEquals(List.of(Path.of(stored + ".lock")), created.drain(),
                    "the invalid download never took the image's name");
        }
    }

    @Test
    void tooSmallRootfsIsReportedWithUpstreamsMessage() throws Exception {
        Path small = TestConfigs.iso(dir, "small.iso", "rhcos-x", Map.of(TestConfigs.ROOTFS, 1000,
                TestConfigs.VMLINUZ, TestConfigs.KERNEL_BYTES));
        mirror.on("/x.iso", ok(Files.readAllBytes(small)));
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", mirror.url("/x.iso").toString(), V));
        try (ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of())) {
            store.start();
            await(WAIT, () -> store.health().images().get(0).reason() != null);
            assertTrue(store.health().images().get(0).reason().endsWith(": rootfs size 1000 bytes is below minimum "
                    + TestConfigs.MIN_ROOTFS_BYTES), store.health().images().get(0).reason());
        }
    }

    @Test
    void reusesAValidStoredIsoAndReplacesAnInvalidOne() throws Exception {
        Files.write(data.resolve("rhcos-full-iso-" + V + "-x86_64.iso"), iso);
        Files.write(data.resolve("rhcos-full-iso-49-x86_64.iso"), "not an iso".getBytes());
        mirror.on("/49.iso", ok(iso));
        List<OsImageEntry> images = List.of(
                full("4.8", "x86_64", mirror.url("/48.iso").toString(), V),
                full("4.9", "x86_64", mirror.url("/49.iso").toString(), "49"));
        try (ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of())) {
            store.start();
            await(WAIT, () -> store.readiness().isReady());
            assertEquals(0, mirror.requests("/48.iso").size());
            assertEquals(1, mirror.requests("/49.iso").size());
            assertArrayEquals(iso, Files.readAllBytes(data.resolve("rhcos-full-iso-49-x86_64.iso")));
        }
    }

    @Test
    void cleanupRemovesStaleFilesAndKeepsFilesOfConfiguredImages() throws Exception {
        Set<String> kept = Set.of("rhcos-full-iso-" + V + "-x86_64.iso", "rhcos-disconnected-iso-" + V + "-x86_64.iso",
                "nmstatectl-" + V + "-x86_64", "nmstatectl-415.92-s390x");
        for (String name : kept) {
            Files.write(data.resolve(name), iso);
        }
        for (String stale : List.of("rhcos-full-iso-47.84-x86_64.iso", ".rhcos-full-iso-" + V + "-x86_64.iso.part",
                "rhcos-minimal-iso-" + V + "-x86_64.iso",
                "rootfs-123.img", "rhcos-full-iso-" + V + "-arm64.iso")) {
            Files.write(data.resolve(stale), new byte[10]);
        }
        Files.createDirectories(data.resolve("isoutil123/sub"));
        Files.write(data.resolve("isoutil123/sub/f"), new byte[1]);
        List<OsImageEntry> images = List.of(
                full("4.8", "x86_64", mirror.url("/f.iso").toString(), V),
                disconnected("4.8", "x86_64", mirror.url("/d.iso").toString(), V),
                full("4.15", "s390x", mirror.url("/s.iso").toString(), "415.92"));
        mirror.on("/s.iso", ok(iso));
        try (ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of())) {
            store.start();
            await(WAIT, () -> store.readiness().isReady());
            Set<String> expected = new java.util.HashSet<>(kept);
            expected.add("rhcos-full-iso-415.92-s390x.iso");
            assertEquals(expected, names());
            assertEquals(0, mirror.requests("/d.iso").size(), "configured disconnected ISO is kept, not re-downloaded");
        }
    }

    @Test
    void postProcessorsRunBeforeReadyAndFailuresAreRetried() throws Exception {
        mirror.on("/a.iso", ok(iso)).on("/b.iso", ok(iso));
        List<OsImageEntry> images = List.of(
                full("4.10", "x86_64", mirror.url("/a.iso").toString(), "410"),
                full("4.10.1", "x86_64", mirror.url("/b.iso").toString(), "410"));
        AtomicInteger calls = new AtomicInteger();
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<ImageStore> storeRef = new AtomicReference<>();
        ImagePostProcessor flaky = (source, image) -> {
            ImageStore store = storeRef.get();
            seen.add(source.openshiftVersion() + " " + image.path().getFileName() + " " + image.layout().volumeId()
                    + " ready=" + store.readiness().isReady() + " " + store.lookup("4.10", "x86_64", ImageType.FULL_ISO)
                    .getClass().getSimpleName());
            if (calls.incrementAndGet() == 1) {
                throw new IOException("template build failed");
            }
        };
        try (ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of(flaky))) {
            storeRef.set(store);
            store.start();
            await(WAIT, () -> store.readiness().isReady());
            String expected = "4.10.1 rhcos-full-iso-410-x86_64.iso rhcos-test-x86_64 ready=false NotReady";
            assertEquals(List.of(expected, expected), seen);
            assertEquals(1, mirror.requests("/b.iso").size(), "the stored ISO is reused by the retry");
            assertInstanceOf(Lookup.Ready.class, store.lookup("4.10", "x86_64", ImageType.FULL_ISO));
        }
    }

    @Test
    void rejectsAnUnusableCaFileAtConstruction() throws Exception {
        Path notPem = Files.write(dir.resolve("ca.pem"), "not a certificate".getBytes());
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", mirror.url("/x.iso").toString(), V));
        var config = TestConfigs.store(data, images, TestConfigs.download(Map.of(), Map.of(),
                new DownloadTls(false, notPem), TestConfigs.limits(TestConfigs.STALL)));
        assertThrows(GeneralSecurityException.class, () -> new ImageStore(config, List.of()).close());
    }

    /** DATA_DIR's entries except the per-image lock files and the leases (SharedDataDirTest covers those). */
    private Set<String> names() throws IOException {
        try (var files = Files.list(data)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(ImageFileLock.SUFFIX))
                    .filter(n -> !n.equals(DataDirLeases.META_DIR)).collect(Collectors.toSet());
        }
    }

    private Set<String> tempNames() throws IOException {
        try (var files = Files.list(TestConfigs.tempDir(data))) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}

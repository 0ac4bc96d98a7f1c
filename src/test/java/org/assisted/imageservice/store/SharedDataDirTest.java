package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.Polling.await;
import static org.assisted.imageservice.store.TestConfigs.full;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.assisted.imageservice.config.OsImageEntry;

/** Instances sharing one DATA_DIR (two stores in this JVM stand for two processes) and cancellation on close. */
class SharedDataDirTest extends MirroredStoreTest {
    private static final String V = "48.84.202109241901-0";
    private static final String FILE = "rhcos-full-iso-" + V + "-x86_64.iso";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int CHUNK_BYTES = 64 * 1024;

    @Test
    void twoStoresStartedTogetherDownloadOnceAndBothBecomeReady() throws Exception {
        mirror.on("/slow.iso", slowly(iso, Duration.ofMillis(10)));
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", mirror.url("/slow.iso").toString(), V));
        try (ImageStore a = new ImageStore(TestConfigs.store(data, images), List.of());
             ImageStore b = new ImageStore(TestConfigs.store(data, images), List.of())) {
            a.start();
            b.start();
            await(WAIT, () -> a.readiness().isReady() && b.readiness().isReady());
        }
        assertEquals(1, mirror.requests("/slow.iso").size(), "the second store reused the first one's download");
        assertArrayEquals(iso, Files.readAllBytes(data.resolve(FILE)));
        assertEquals(Set.of(FILE, FILE + ".lock", DataDirLeases.META_DIR), names());
        assertEquals(List.of(), leases(), "each store ended its lease when it closed");
    }

    @Test
    void cleanupKeepsTempFilesOfAnImageLockedElsewhereAndRemovesThemOnceFree() throws Exception {
        Path target = data.resolve(FILE);
        Path unconfigured = data.resolve("rhcos-full-iso-47.0-x86_64.iso");
        Files.write(IsoDownloader.tempFile(target), new byte[] {1});
        Files.write(IsoDownloader.tempFile(unconfigured), new byte[] {2});
        Files.write(data.resolve("stray.part"), new byte[] {3});
        ImageCatalog catalog = ImageCatalog.of(data, List.of(full("4.8", "x86_64", "http://127.0.0.1/x.iso", V)));
        try (ImageFileLock held = ImageFileLock.tryAcquire(target).orElseThrow();
             ImageFileLock heldOld = ImageFileLock.tryAcquire(unconfigured).orElseThrow()) {
            DataDirCleaner.clean(data, catalog.wantedNames());
            assertEquals(Set.of(FILE + ".lock", "." + FILE + ".part", "rhcos-full-iso-47.0-x86_64.iso.lock",
                    ".rhcos-full-iso-47.0-x86_64.iso.part"), names());
        }
        DataDirCleaner.clean(data, catalog.wantedNames());
        assertEquals(Set.of(FILE + ".lock"), names(), "the configured image's lock file is kept, the rest removed");
    }

    @Test
    void lockIsExclusiveUntilClosed() throws Exception {
        Path target = data.resolve(FILE);
        try (ImageFileLock first = ImageFileLock.tryAcquire(target).orElseThrow()) {
            assertEquals(Optional.empty(), ImageFileLock.tryAcquire(target));
        }
        try (ImageFileLock again = ImageFileLock.tryAcquire(target).orElseThrow()) {
            assertTrue(Files.exists(ImageFileLock.lockFile(target)));
        }
    }

    @Test
    void closeCancelsAStoreWaitingForTheLock() throws Exception {
        Path local = Files.write(dir.resolve("local.iso"), iso);
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", local.toUri().toString(), V));
        try (ImageFileLock held = ImageFileLock.tryAcquire(data.resolve(FILE)).orElseThrow()) {
            ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of());
            store.start();
            Thread.sleep(500);
            assertFalse(store.readiness().isReady());
            long start = System.nanoTime();
            store.close();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
        }
        assertFalse(Files.exists(data.resolve(FILE)));
    }

    @Test
    void closeInterruptsARunningPostProcessorAndWaitsForIt() throws Exception {
        Path local = Files.write(dir.resolve("local.iso"), iso);
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", local.toUri().toString(), V));
        Path templateTemp = data.resolve(".template.part");
        CountDownLatch building = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        ImagePostProcessor slowBuild = (source, image) -> {
            Files.write(templateTemp, new byte[] {1});
            try {
                building.countDown();
                Thread.sleep(WAIT.toMillis());
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw new InterruptedIOException("cancelled");
            } finally {
                Files.deleteIfExists(templateTemp);
            }
        };
        ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of(slowBuild));
        store.start();
        assertTrue(building.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        store.close();
        assertTrue(interrupted.get());
        assertFalse(Files.exists(templateTemp), "close() returns after the build removed its temp file");
    }

    /** Declares the full length and sends it in chunks with a pause between them. */
    private static FakeMirror.Reply slowly(byte[] body, Duration pause) {
        return (ex, release) -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                for (int offset = 0; offset < body.length; offset += CHUNK_BYTES) {
                    out.write(body, offset, Math.min(CHUNK_BYTES, body.length - offset));
                    out.flush();
                    Thread.sleep(pause.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        };
    }

    private List<Path> leases() throws IOException {
        try (Stream<Path> files = Files.list(data.resolve(DataDirLeases.META_DIR).resolve("leases"))) {
            return files.toList();
        }
    }

    private Set<String> names() throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}

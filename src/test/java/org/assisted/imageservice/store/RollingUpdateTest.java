package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.Polling.await;
import static org.assisted.imageservice.store.TestConfigs.full;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.testsupport.TestIsos;

/**
 * Instances with different OS_IMAGES and IMAGE_SERVICE_BASE_URL sharing one DATA_DIR, as during a rolling update
 * (two stores in this JVM stand for two processes): no instance deletes or rewrites a file another live one serves.
 */
class RollingUpdateTest {
    private static final String OLD = "417.94.202410090854-0";
    private static final String NEW = "418.94.202501221327-0";
    private static final String URL_A = "http://a.example.com/images";
    private static final String URL_B = "http://b.example.com/images";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path isos;
    private static Path oldIso;
    private static Path newIso;

    @TempDir
    Path dir;
    private Path data;

    @BeforeAll
    static void buildIsos() throws IOException {
        oldIso = TestIsos.x86_64("rhcos-" + OLD).rootfsSize(70_000).kernelSize(20_000)
                .build(Files.createDirectory(isos.resolve("old")));
        newIso = TestIsos.x86_64("rhcos-" + NEW).rootfsSize(70_000).kernelSize(20_000)
                .build(Files.createDirectory(isos.resolve("new")));
    }

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectory(dir.resolve("data"));
    }

    @Test
    void anInstanceKeepsServingWhileAnotherWithOtherImagesStartsStopsAndRestarts() throws Exception {
        List<OsImageEntry> imagesA = List.of(full("4.17", "x86_64", oldIso.toUri().toString(), OLD),
                full("4.18", "x86_64", newIso.toUri().toString(), NEW));
        List<OsImageEntry> imagesB = List.of(full("4.18", "x86_64", newIso.toUri().toString(), NEW));
        try (ImageStore a = start(imagesA, URL_A)) {
            await(WAIT, () -> a.readiness().isReady());
            Map<String, byte[]> served = servedBy(a);
            for (int round = 0; round < 2; round++) {
                try (ImageStore b = start(imagesB, URL_B)) {
                    await(WAIT, () -> b.readiness().isReady());
                    assertEquals(served.keySet(), servedBy(a).keySet());
                    served.forEach((name, bytes) -> assertArrayEquals(bytes, read(a, name), name));
                    Path templateA = readyPath(a, NEW, ImageType.MINIMAL_ISO);
                    Path templateB = readyPath(b, NEW, ImageType.MINIMAL_ISO);
                    assertNotEquals(templateA, templateB, "another base URL is another template file");
                    b.collectUnused();
                    served.forEach((name, bytes) -> assertArrayEquals(bytes, read(a, name), name));
                }
                served.forEach((name, bytes) -> assertArrayEquals(bytes, read(a, name), name));
            }
            a.collectUnused();
            assertEquals(served.keySet(), servedBy(a).keySet());
        }
    }

    @Test
    void filesNoLiveInstanceWantsAreCollectedOnceTheirLastUserStops() throws Exception {
        List<OsImageEntry> imagesA = List.of(full("4.17", "x86_64", oldIso.toUri().toString(), OLD));
        List<OsImageEntry> imagesB = List.of(full("4.18", "x86_64", newIso.toUri().toString(), NEW));
        Path oldTemplate;
        try (ImageStore b = start(imagesB, URL_B)) {
            await(WAIT, () -> b.readiness().isReady());
            try (ImageStore a = start(imagesA, URL_A)) {
                await(WAIT, () -> a.readiness().isReady());
                oldTemplate = readyPath(a, OLD, ImageType.MINIMAL_ISO);
                b.collectUnused();
                assertTrue(Files.exists(oldTemplate));
            }
            b.collectUnused();
            assertEquals(List.of(), names().stream().filter(n -> n.contains(OLD)).toList(),
                    "the old version's ISO, template and lock files are gone once its last user stopped");
            assertTrue(Files.exists(readyPath(b, NEW, ImageType.FULL_ISO)));
        }
    }

    @Test
    void aStaleLeaseNoLongerProtectsItsFiles() throws Exception {
        Path orphan = Files.copy(oldIso, data.resolve("rhcos-full-iso-" + OLD + "-x86_64.iso"));
        DataDirLeases ghost = DataDirLeases.open(data);
        ghost.publish(List.of(orphan.getFileName().toString()));
        List<OsImageEntry> imagesB = List.of(full("4.18", "x86_64", newIso.toUri().toString(), NEW));
        try (ImageStore b = start(imagesB, URL_B)) {
            await(WAIT, () -> b.readiness().isReady());
            assertTrue(Files.exists(orphan), "a live lease protects the file");
            Path lease = ghost.file();
            Files.setLastModifiedTime(lease, FileTime.from(Instant.now().minus(DataDirLeases.STALE_AFTER).minusSeconds(1)));
            b.collectUnused();
            assertFalse(Files.exists(orphan), "a lease not refreshed for " + DataDirLeases.STALE_AFTER + " is stale");
            assertFalse(Files.exists(lease));
        }
    }

    @Test
    void aTemplateOnceServedIsNeverRewrittenByAnInstanceWithAnotherBaseUrl() throws Exception {
        List<OsImageEntry> images = List.of(full("4.18", "x86_64", newIso.toUri().toString(), NEW));
        try (ImageStore a = start(images, URL_A)) {
            await(WAIT, () -> a.readiness().isReady());
            Path template = readyPath(a, NEW, ImageType.MINIMAL_ISO);
            byte[] before = Files.readAllBytes(template);
            Object inode = Files.readAttributes(template, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            try (ImageStore b = start(images, URL_B)) {
                await(WAIT, () -> b.readiness().isReady());
                assertEquals(1, b.templateBuilds());
            }
            assertArrayEquals(before, Files.readAllBytes(template));
            assertEquals(inode, Files.readAttributes(template, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        }
    }

    private Map<String, byte[]> servedBy(ImageStore store) {
        return Stream.of(OLD, NEW).flatMap(v -> Stream.of(ImageType.FULL_ISO, ImageType.MINIMAL_ISO)
                        .map(type -> v + "/" + type.name()))
                .collect(Collectors.toMap(name -> name, name -> read(store, name)));
    }

    private static byte[] read(ImageStore store, String name) {
        String[] parts = name.split("/");
        try {
            return Files.readAllBytes(readyPath(store, parts[0], ImageType.valueOf(parts[1])));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + name + " as served", e);
        }
    }

    private static Path readyPath(ImageStore store, String version, ImageType type) {
        return store.ready(version, "x86_64", type).orElseThrow(() -> new AssertionError(version + " " + type
                + " is not ready")).path();
    }

    private ImageStore start(List<OsImageEntry> images, String baseUrl) {
        try {
            ImageStore store = new ImageStore(TestConfigs.storeWithBaseUrl(data, images, TestConfigs.download(), baseUrl),
                    List.of());
            store.start();
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

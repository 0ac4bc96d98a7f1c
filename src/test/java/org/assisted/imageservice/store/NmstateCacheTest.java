package org.assisted.imageservice.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NmstateCacheTest {

    private static final String RHCOS = "418.94.202501221327-0";

    @TempDir
    Path dir;

    /**
     * docs/upstream-behaviour.md#version-comparison examples, decided on openshift_version; unparsable values never
     * throw.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "4.18, true", "4.18.0-ec.0, true", "4.18.0-rc.1, true", "4.19, true", "5.0, true",
        "4.17.9, false", "4.17, false", "4.18.0-0.nightly-2024-10-01-000000, false",
        "x86_64-latest, false", "latest, false", "'', false",
    })
    void eligibilityFollowsGoVersionOnTheOpenshiftVersion(String openshiftVersion, boolean expected) {
        assertEquals(expected, NmstateCache.needsNmstate(entry(openshiftVersion, ImageType.FULL_ISO)));
    }

    @Test
    void theArchiveOfAnEligibleEntryIsNamedAfterItsRhcosVersionInDataDir() {
        NmstateCache cache = cache(recorder(new ArrayList<>()));
        assertEquals(Optional.of(dir.resolve("nmstatectl-" + RHCOS + "-x86_64")),
                cache.archive(entry("4.18", ImageType.FULL_ISO)));
        assertEquals(Optional.empty(), cache.archive(entry("4.17", ImageType.FULL_ISO)));
    }

    @Test
    void processingExtractsOnceFromTheRootfsExtentAndSkipsCachedIneligibleAndDisconnectedImages() throws Exception {
        Path iso = TestIsos.x86_64("rhcos-" + RHCOS).build(dir);
        ReadyImage image = new ReadyImage(iso, IsoLayout.read(iso));
        List<String> calls = new ArrayList<>();
        NmstateCache cache = cache(recorder(calls));

        cache.process(entry("4.17", ImageType.FULL_ISO), image);
        cache.process(entry("4.18", ImageType.DISCONNECTED_ISO), image);
        assertEquals(List.of(), calls);
        cache.process(entry("4.18", ImageType.FULL_ISO), image);
        cache.process(entry("4.19", ImageType.FULL_ISO), image);

        IsoFile rootfs = image.layout().file("/images/pxeboot/rootfs.img").orElseThrow();
        assertEquals(1, calls.size());
        assertTrue(calls.get(0).startsWith(iso + " " + rootfs + " " + tempDir().resolve("assisted-image-nmstate-")),
                "extracted in DATA_TEMP_DIR: " + calls);
        assertArrayEquals(new byte[4], Files.readAllBytes(dir.resolve("nmstatectl-" + RHCOS + "-x86_64")));
        try (var left = Files.list(tempDir())) {
            assertEquals(List.of(), left.toList(), "published into DATA_DIR");
        }
    }

    @Test
    void anExtractionFailureNamesTheImageAndTheCause() throws Exception {
        Path iso = TestIsos.x86_64("rhcos-" + RHCOS).build(dir);
        ReadyImage image = new ReadyImage(iso, IsoLayout.read(iso));
        NmstateCache cache = cache((i, rootfs, target) -> {
            throw new IOException("nmstatectl not found in root.squashfs");
        });

        IOException e = assertThrows(IOException.class, () -> cache.process(entry("4.18", ImageType.FULL_ISO), image));
        assertEquals("cannot cache nmstatectl of " + RHCOS + " x86_64 (OpenShift 4.18): "
                + "nmstatectl not found in root.squashfs", e.getMessage());
    }

    @Test
    void anIsoWithoutRootfsFailsClearly() throws Exception {
        Path iso = TestIsos.x86_64("rhcos-" + RHCOS).without("images/pxeboot/rootfs.img").build(dir);
        ReadyImage image = new ReadyImage(iso, IsoLayout.read(iso));
        List<String> calls = new ArrayList<>();

        IOException e = assertThrows(IOException.class,
                () -> cache(recorder(calls)).process(entry("4.18", ImageType.FULL_ISO), image));
        assertTrue(e.getMessage().endsWith("/images/pxeboot/rootfs.img not found in rhcos-" + RHCOS + ".iso"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("nmstatectl-" + RHCOS + "-x86_64")));
    }

    private NmstateCache cache(NmstateCache.Extraction extraction) {
        return new NmstateCache(ImageCatalog.of(dir, List.of(entry("4.18", ImageType.FULL_ISO))), tempDir(), extraction);
    }

    private Path tempDir() {
        try {
            return Files.createDirectories(dir.resolve("temp"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Records each call and writes the target, as the real extraction does. */
    private static NmstateCache.Extraction recorder(List<String> calls) {
        return (iso, rootfs, target) -> {
            calls.add(iso + " " + rootfs + " " + target);
            Files.write(target, new byte[4]);
        };
    }

    private static OsImageEntry entry(String openshiftVersion, ImageType type) {
        return new OsImageEntry(openshiftVersion, "x86_64", "https://mirror.example.com/rhcos.iso", RHCOS, type);
    }
}

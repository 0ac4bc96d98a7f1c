package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.TestConfigs.KERNEL_IMG;
import static org.assisted.imageservice.store.TestConfigs.ROOTFS;
import static org.assisted.imageservice.store.TestConfigs.VMLINUZ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.assisted.imageservice.coreos.IsoLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoValidatorTest {
    private static final long MIN_ROOTFS = 65_536;
    private static final long MIN_KERNEL = 16_384;
    private final IsoValidator validator = new IsoValidator(MIN_ROOTFS, MIN_KERNEL);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rhcos-418.94.202501221327-0", "fedora-coreos-40.20240616.3.0", "scos-418.9.202501"})
    void acceptsCoreosVolumeIds(String volumeId) throws Exception {
        Path iso = TestConfigs.iso(dir, "ok.iso", volumeId, Map.of(ROOTFS, 70_000, VMLINUZ, 20_000));
        IsoLayout layout = validator.validate(iso, "x86_64");
        assertEquals(volumeId, layout.volumeId());
        assertEquals(Files.size(iso), layout.size());
    }

    @Test
    void rejectsOtherVolumeIdsWithUpstreamsMessage() throws Exception {
        Path iso = TestConfigs.iso(dir, "fedora.iso", "Fedora-S-dvd-x86_64-37",
                Map.of(ROOTFS, 70_000, VMLINUZ, 20_000));
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> validator.validate(iso, "x86_64"));
        assertEquals("failed to validate " + iso + ": ISO volume identifier (Fedora-S-dvd-x86_64-37) is invalid", e.getMessage());
    }

    @Test
    void validatesADownloadUnderTheNameItWillBeStoredAs() throws Exception {
        Path download = TestConfigs.iso(dir, ".x.iso.part", "rhcos-418", Map.of(ROOTFS, 70_000, VMLINUZ, 20_000));
        Path storedAs = dir.resolve("x.iso");
        IsoLayout layout = validator.validate(download, storedAs, "x86_64");
        assertEquals(storedAs, layout.path());
        assertEquals(Files.size(download), layout.size());
        assertEquals("rhcos-418", layout.volumeId());

        Path small = TestConfigs.iso(dir, ".y.iso.part", "rhcos-418", Map.of(ROOTFS, 65_535, VMLINUZ, 20_000));
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> validator.validate(small, dir.resolve("y.iso"), "x86_64"));
        assertEquals("failed to validate boot artifacts in " + dir.resolve("y.iso")
                + ": rootfs size 65535 bytes is below minimum 65536", e.getMessage());
    }

    @Test
    void requiresRootfs() throws Exception {
        assertBootArtifactProblem(Map.of(VMLINUZ, 20_000), "x86_64", "rootfs not found in ISO");
    }

    @Test
    void requiresRootfsOfMinimumSize() throws Exception {
        assertBootArtifactProblem(Map.of(ROOTFS, 65_535, VMLINUZ, 20_000), "x86_64",
                "rootfs size 65535 bytes is below minimum 65536");
    }

    @Test
    void requiresKernel() throws Exception {
        assertBootArtifactProblem(Map.of(ROOTFS, 70_000), "x86_64", "kernel not found in ISO");
    }

    @Test
    void requiresKernelOfMinimumSize() throws Exception {
        assertBootArtifactProblem(Map.of(ROOTFS, 70_000, VMLINUZ, 16_383), "x86_64", "kernel size 16383 bytes is below minimum 16384");
    }

    @Test
    void s390xFallsBackToKernelImg() throws Exception {
        Path iso = TestConfigs.iso(dir, "s390x.iso", "rhcos-415", Map.of(ROOTFS, 70_000, KERNEL_IMG, 20_000));
        validator.validate(iso, "s390x");
        assertBootArtifactProblem(Map.of(ROOTFS, 70_000, KERNEL_IMG, 20_000), "x86_64", "kernel not found in ISO");
        assertBootArtifactProblem(Map.of(ROOTFS, 70_000), "s390x", "kernel not found in ISO");
    }

    @Test
    void rejectsFilesThatAreNoIso() throws Exception {
        Path notIso = Files.write(dir.resolve("page.html"), "<html>mirror error</html>".getBytes());
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> validator.validate(notIso, "x86_64"));
        assertEquals(true, e.getMessage().startsWith("failed to read ISO " + notIso), e.getMessage());
    }

    private void assertBootArtifactProblem(Map<String, Integer> files, String arch, String problem) throws Exception {
        Path iso = TestConfigs.iso(dir, "bad-" + System.nanoTime() + ".iso", "rhcos-test", files);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> validator.validate(iso, arch));
        assertEquals("failed to validate boot artifacts in " + iso + ": " + problem, e.getMessage());
    }
}

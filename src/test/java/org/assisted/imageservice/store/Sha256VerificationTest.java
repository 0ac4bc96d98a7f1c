package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.FakeMirror.ok;
import static org.assisted.imageservice.store.Polling.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.store.HealthReport.ImageHealth;
import org.assisted.imageservice.testsupport.ExternalTools;

/** An OS_IMAGES entry's {@code sha256}: verified before a download is published and when a stored file is reused. */
class Sha256VerificationTest {
    private static final String V = "48.84.202109241901-0";
    private static final String FILE = "rhcos-full-iso-" + V + "-x86_64.iso";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Path data;
    private byte[] iso;
    private String digest;
    private FakeMirror mirror;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectory(dir.resolve("data"));
        Path source = TestConfigs.rhcosIso(dir, "rhcos.iso");
        iso = Files.readAllBytes(source);
        digest = sha256sum(source);
        mirror = new FakeMirror();
        mirror.on("/x.iso", ok(iso));
    }

    @AfterEach
    void tearDown() {
        mirror.close();
    }

    @Test
    void aDownloadWithTheConfiguredDigestIsServed() throws Exception {
        try (ImageStore store = start(digest)) {
            await(WAIT, () -> store.readiness().isReady());
        }
        assertArrayEquals(iso, Files.readAllBytes(data.resolve(FILE)));
    }

    @Test
    void aMismatchIsARetriedFailureOnHealthAndNeverPublished() throws Exception {
        String wrong = "0".repeat(64);
        try (ImageStore store = start(wrong)) {
            await(WAIT, () -> mirror.requests("/x.iso").size() >= 2 && store.health().images().get(0).reason() != null);
            ImageHealth health = store.health().images().get(0);
            assertEquals("failed", health.state());
            assertEquals("the SHA-256 of " + FILE + " is " + digest + ", but OS_IMAGES names " + wrong, health.reason());
            assertFalse(store.readiness().isReady());
            assertFalse(Files.exists(data.resolve(FILE)), "a download with another digest never takes the image's name");
        }
    }

    @Test
    void aStoredFileWithAnotherDigestIsDownloadedAgain() throws Exception {
        Path other = TestConfigs.iso(dir, "other.iso", "rhcos-other-x86_64",
                java.util.Map.of(TestConfigs.ROOTFS, TestConfigs.ROOTFS_BYTES, TestConfigs.VMLINUZ,
                        TestConfigs.KERNEL_BYTES));
        Path stored = Files.copy(other, data.resolve(FILE));
        assertFalse(sha256sum(stored).equals(digest));
        try (ImageStore store = start(digest)) {
            await(WAIT, () -> store.readiness().isReady());
        }
        assertEquals(1, mirror.requests("/x.iso").size());
        assertEquals(digest, sha256sum(data.resolve(FILE)));
    }

    private ImageStore start(String sha256) throws Exception {
        OsImageEntry entry = new OsImageEntry("4.8", "x86_64", mirror.url("/x.iso").toString(), V, ImageType.FULL_ISO,
                Optional.of(sha256));
        ImageStore store = new ImageStore(TestConfigs.store(data, List.of(entry)), List.of());
        store.start();
        return store;
    }

    /** The digest as coreutils computes it. */
    private static String sha256sum(Path file) throws IOException {
        return ExternalTools.output("sha256sum", file.toString()).substring(0, 64);
    }
}

package org.assisted.imageservice.store;

import static org.assisted.imageservice.store.Polling.await;
import static org.assisted.imageservice.store.TestConfigs.full;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.assisted.imageservice.config.OsImageEntry;

/** DATA_DIR guard rails: the cleanup never runs in a directory that is plainly not an image store. */
class DataDirGuardTest {
    private static final String V = "48.84.202109241901-0";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Path data;

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectory(dir.resolve("data"));
    }

    @Test
    void refusesTheRootAndTomcatsDirectories() throws IOException {
        Path catalinaBase = Files.createDirectory(dir.resolve("tomcat"));
        List<Path> server = List.of(Path.of("/"), catalinaBase);
        assertEquals("DATA_DIR / is /, which is not an image store; refusing to start, because the service deletes files"
                + " it does not use from DATA_DIR", refused(Path.of("/"), server));
        assertTrue(refused(dir.resolve("tomcat/../tomcat"), server).startsWith("DATA_DIR " + dir.resolve("tomcat/../tomcat")
                + " is " + catalinaBase + ", which is not an image store"));
    }

    @Test
    void refusesADirectoryWithForeignFilesAndNoMarkerAndDeletesNothing() throws Exception {
        Files.writeString(data.resolve("thesis.tex"), "years of work");
        Files.createDirectory(data.resolve("photos"));
        Files.writeString(data.resolve("rhcos-full-iso-47.84-x86_64.iso"), "an old image");
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", dir.resolve("absent.iso").toUri().toString(), V));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ImageStore(TestConfigs.store(data, images), List.of()));
        assertEquals("DATA_DIR " + data + " holds 2 entries that are not the service's own (e.g. photos, thesis.tex) and"
                + " no .assisted-image-service; refusing to start, because the service deletes files it does not use"
                + " from DATA_DIR: use an empty directory", e.getMessage());
        assertEquals(List.of("photos", "rhcos-full-iso-47.84-x86_64.iso", "thesis.tex"), names());
    }

    /** Names upstream's Go service and earlier versions of this one leave in DATA_DIR. */
    @ParameterizedTest
    @ValueSource(strings = {"rhcos-full-iso-" + V + "-x86_64.iso", "rhcos-minimal-iso-" + V + "-x86_64.iso",
        "rhcos-disconnected-iso-" + V + "-x86_64.iso", "nmstatectl-" + V + "-x86_64", "rootfs-12345.img",
        ".rhcos-full-iso-" + V + "-x86_64.iso123456", "rhcos-full-iso-" + V + "-x86_64.iso.lock",
        "rhcos-minimal-iso-" + V + "-x86_64.iso.key", ".rhcos-full-iso-" + V + "-x86_64.iso.part",
        ".rhcos-minimal-iso-" + V + "-x86_64.iso42.tmp", "nmstatectl-987.bin", "lost+found"})
    void acceptsADataDirWrittenByUpstreamOrAnEarlierVersionAndUpgradesIt(String name) throws Exception {
        Path stored = Files.copy(TestConfigs.rhcosIso(dir, "rhcos.iso"),
                data.resolve("rhcos-full-iso-" + V + "-x86_64.iso"));
        byte[] iso = Files.readAllBytes(stored);
        Path entry = data.resolve(name);
        if (!Files.exists(entry)) {
            Files.write(entry, new byte[] {1});
        }
        List<OsImageEntry> images = List.of(full("4.8", "x86_64", dir.resolve("absent.iso").toUri().toString(), V));
        try (ImageStore store = new ImageStore(TestConfigs.store(data, images), List.of())) {
            store.start();
            await(WAIT, () -> store.readiness().isReady());
        }
        assertArrayEquals(iso, Files.readAllBytes(stored), "the stored ISO is reused, not downloaded again");
        assertTrue(Files.isDirectory(data.resolve(DataDirLeases.META_DIR)), "marked as an image store on first use");
    }

    @Test
    void aMarkedDataDirIsTheServicesOwn() throws Exception {
        Files.createDirectories(data.resolve(DataDirLeases.META_DIR));
        Files.writeString(data.resolve("left-over"), "x");
        DataDirGuard.check(data, List.of(Path.of("/")));
        DataDirGuard.check(Files.createDirectory(dir.resolve("empty")), List.of(Path.of("/")));
    }

    private static String refused(Path dataDir, List<Path> server) {
        return assertThrows(IllegalArgumentException.class, () -> DataDirGuard.check(dataDir, server)).getMessage();
    }

    private List<String> names() throws IOException {
        try (var files = Files.list(data)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

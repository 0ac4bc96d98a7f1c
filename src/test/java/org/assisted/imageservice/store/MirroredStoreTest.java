package org.assisted.imageservice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store test downloading from a {@link FakeMirror}: each test gets an empty DATA_DIR, the bytes of the standard test
 * ISO ({@link TestConfigs#rhcosIso}) and a mirror, and leaves no store thread behind.
 */
abstract class MirroredStoreTest {

    @TempDir
    Path dir;
    Path data;
    byte[] iso;
    FakeMirror mirror;

    @BeforeEach
    void createDataDirIsoAndMirror() throws IOException {
        data = Files.createDirectory(dir.resolve("data"));
        iso = Files.readAllBytes(TestConfigs.rhcosIso(dir, "rhcos.iso"));
        mirror = new FakeMirror();
    }

    @AfterEach
    void closeMirror() {
        mirror.close();
        assertNoStoreThreads();
    }

    static void assertNoStoreThreads() {
        List<String> live = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("image-store-")).map(Thread::getName).toList();
        assertEquals(List.of(), live);
    }
}

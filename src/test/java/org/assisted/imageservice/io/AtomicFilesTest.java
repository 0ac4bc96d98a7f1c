package org.assisted.imageservice.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesAnExistingTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("lease"), "old");
        List<Path> seen = new ArrayList<>();
        AtomicFiles.write(target, temp -> {
            seen.add(temp);
            Files.writeString(temp, "new");
        });
        assertEquals("new", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(dir, seen.get(0).getParent());
        assertTrue(seen.get(0).getFileName().toString().startsWith(".lease"));
        assertEquals(List.of(target), names());
    }

    @Test
    void aFailedWriteDeletesTheTemporaryFileAndKeepsTheOldTarget() throws IOException {
        Path target = Files.writeString(dir.resolve("template.iso"), "old");
        IOException failure = new IOException("disk full");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, temp -> {
            Files.writeString(temp, "partial");
            throw failure;
        }));
        assertSame(failure, thrown);
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), names());
    }

    @Test
    void anUncheckedFailureAlsoDeletesTheTemporaryFile() throws IOException {
        Path target = dir.resolve("absent");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, temp -> {
            throw new IllegalStateException("bug");
        }));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), names());
    }

    @Test
    void replaceMovesTheSourceOverTheTarget() throws IOException {
        Path source = Files.writeString(dir.resolve("staged"), "new");
        Path target = Files.writeString(dir.resolve("published"), "old");
        AtomicFiles.replace(source, target);
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), names());
    }

    private List<Path> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}

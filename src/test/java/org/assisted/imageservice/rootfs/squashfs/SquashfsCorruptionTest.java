package org.assisted.imageservice.rootfs.squashfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.assisted.imageservice.rootfs.CappedSink;
import org.assisted.imageservice.rootfs.RootfsFormatException;
import org.assisted.imageservice.rootfs.RootfsTree;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.FuzzLoop;
import org.assisted.imageservice.testsupport.Mutator;
import org.assisted.imageservice.testsupport.OracleTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged images must fail with a {@link RootfsFormatException} quickly and without large allocations
 * (a runaway allocation would end the run with an OutOfMemoryError, a loop with the timeout).
 */
@OracleTest
class SquashfsCorruptionTest {

    private static final int MUTATIONS = 300;
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String BINARY = "/usr/bin/nmstatectl";
    private static final long MAX_OUTPUT_BYTES = 64L << 20;
    /**
     * The reader's own bounds: blocks of at most 1 MiB and xz's 64 MiB memory limit (a corrupt xz header may
     * claim that dictionary). The undamaged images need under 3 MiB.
     */
    private static final long MAX_ALLOCATED_BYTES = 96L << 20;
    private static final FuzzLoop LOOP = new FuzzLoop(MUTATIONS, BOUND, Duration.ofSeconds(10), MAX_ALLOCATED_BYTES,
            List.of(RootfsFormatException.class, NoSuchFileException.class, CappedSink.LimitReached.class));

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "xz", "zstd", "uncompressed"})
    void mutatedImagesGiveResultsOrFormatExceptionsOnly(String compression) throws Exception {
        byte[] image = smallImage(compression);
        int inodeTable = (int) ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getLong(64);
        Mutator mutator = new Mutator(compression.hashCode(), List.of(
                new int[] {0, SquashfsSuperblock.SUPERBLOCK_BYTES}, new int[] {inodeTable, image.length - inodeTable}));
        Path mutated = dir.resolve("mutated.squashfs");
        FuzzLoop.Outcomes outcomes = LOOP.runOnMutants(image, mutator, 4, mutated,
                (file, copy) -> exercise(file, copy.length));
        assertTrue(outcomes.succeeded() > 0 && outcomes.rejected() > MUTATIONS / 10, outcomes.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "xz", "zstd"})
    void truncatedImagesFailToOpen(String compression) throws Exception {
        byte[] image = smallImage(compression);
        long bytesUsed = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
        Path file = dir.resolve("image.squashfs");
        Files.write(file, image);
        Random random = new Random(7);
        assertTimeoutPreemptively(BOUND, () -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                for (int i = 0; i < 100; i++) {
                    long length = i == 0 ? bytesUsed - 1 : random.nextInt((int) bytesUsed);
                    assertThrows(RootfsFormatException.class, () -> SquashfsImage.open(channel, 0, length),
                            "length " + length);
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "xz", "zstd"})
    void theUndamagedImageReadsBack(String compression) throws Exception {
        Path file = dir.resolve("image.squashfs");
        Files.write(file, smallImage(compression));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SquashfsImage fs = SquashfsImage.open(channel, 0, Files.size(file));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.copyFile(fs.findRegularFile("nmstatectl", BINARY).orElseThrow(), out);
            assertArrayEquals(RootfsTree.binaryContent(1, 20_000, 10_000), out.toByteArray());
        }
    }

    private static void exercise(Path image, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            SquashfsImage fs = SquashfsImage.open(channel, 0, length);
            String path = fs.findRegularFile("nmstatectl", BINARY).orElse(BINARY);
            fs.copyFile(path, new CappedSink(MAX_OUTPUT_BYTES));
            fs.copyFile("/usr/bin/tiny", new CappedSink(MAX_OUTPUT_BYTES));
        }
    }

    private byte[] smallImage(String compression) throws Exception {
        Path tree = dir.resolve("tree-" + compression);
        Files.createDirectories(tree.resolve("usr/bin"));
        Files.createDirectories(tree.resolve("usr/share/doc"));
        Files.createDirectories(tree.resolve("etc/nmstatectl"));
        Files.write(tree.resolve("usr/bin/nmstatectl"), RootfsTree.binaryContent(1, 20_000, 10_000));
        Files.write(tree.resolve("usr/bin/tiny"), RootfsTree.binaryContent(2, 100, 50));
        Files.writeString(tree.resolve("usr/share/doc/nmstatectl-README"), "readme");
        Files.writeString(tree.resolve("etc/nmstatectl/conf"), "conf");
        for (int i = 0; i < 40; i++) {
            Files.write(tree.resolve("usr/share/f" + i), RootfsTree.binaryContent(i, i * 10, i * 5));
        }
        Path image = dir.resolve(compression + ".squashfs");
        List<String> codec = compression.equals("uncompressed") ? List.of("-noI", "-noD", "-noF")
                : List.of("-comp", compression);
        ExternalTools.mksquashfs(tree, image, Stream.concat(codec.stream(),
                Stream.of("-b", "4096", "-always-use-fragments")).toList());
        return Files.readAllBytes(image);
    }
}

package org.assisted.imageservice.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged images must fail with an {@link IOException} quickly and without large allocations
 * (a runaway allocation would end the run with an OutOfMemoryError, a loop with the timeout).
 */
class SquashfsCorruptionTest {

    private static final int MUTATIONS = 300;
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String BINARY = "/usr/bin/nmstatectl";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "xz", "zstd", "uncompressed"})
    void randomByteFlipsGiveResultsOrIoExceptionsOnly(String compression) throws Exception {
        byte[] image = smallImage(compression);
        long inodeTable = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getLong(64);
        Random random = new Random(compression.hashCode());
        Path mutated = dir.resolve("mutated.squashfs");
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] copy = image.clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    int position = switch (random.nextInt(3)) {
                        case 0 -> random.nextInt(SquashfsSuperblock.SUPERBLOCK_BYTES);
                        case 1 -> (int) inodeTable + random.nextInt(copy.length - (int) inodeTable);
                        default -> random.nextInt(copy.length);
                    };
                    copy[position] ^= (byte) (1 + random.nextInt(255));
                }
                Files.write(mutated, copy);
                outcomes[exercise(mutated, copy.length, "iteration " + i)]++;
            }
        });
        assertTrue(outcomes[0] > 0 && outcomes[1] > MUTATIONS / 10, "outcomes " + Arrays.toString(outcomes));
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

    /** Returns 0 if the lookup and copy succeeded, 1 if an IOException was thrown. */
    private static int exercise(Path image, long length, String context) {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            SquashfsImage fs = SquashfsImage.open(channel, 0, length);
            String path = fs.findRegularFile("nmstatectl", BINARY).orElse(BINARY);
            fs.copyFile(path, OutputStream.nullOutputStream());
            fs.copyFile("/usr/bin/tiny", OutputStream.nullOutputStream());
            return 0;
        } catch (IOException e) {
            return 1;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(context + ": " + e, e);
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

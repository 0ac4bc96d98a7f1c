package org.assisted.imageservice.rootfs.squashfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.assisted.imageservice.rootfs.RootfsFormatException;
import org.assisted.imageservice.rootfs.RootfsTree;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SquashfsImageTest {

    private static final long PREFIX_BYTES = 12_345;

    @TempDir
    static Path work;
    static Path tree;

    @BeforeAll
    static void buildTree() throws IOException {
        tree = work.resolve("tree");
        RootfsTree.write(tree, true, true);
    }

    static Stream<List<String>> mksquashfsOptions() {
        List<List<String>> all = new ArrayList<>();
        for (String comp : List.of("gzip", "xz", "zstd")) {
            for (List<String> blockSize : List.of(List.<String>of(), List.of("-b", "4096"))) {
                for (List<String> fragments : List.of(List.<String>of(), List.of("-no-fragments"),
                        List.of("-always-use-fragments"))) {
                    List<String> options = new ArrayList<>(List.of("-comp", comp));
                    options.addAll(blockSize);
                    options.addAll(fragments);
                    all.add(options);
                }
            }
        }
        all.add(List.of("-noI", "-noD", "-noF", "-always-use-fragments"));
        all.add(List.of("-noI", "-noD", "-noF", "-b", "4096", "-no-fragments"));
        all.add(List.of("-comp", "xz", "-Xbcj", "x86", "-always-use-fragments"));
        return all.stream();
    }

    @OracleTest
    @ParameterizedTest
    @MethodSource("mksquashfsOptions")
    void everyRegularFileCopiesByteExactAndTheBinaryIsFound(List<String> options, @TempDir Path dir) throws Exception {
        Path image = withPrefix(squashfs(options, dir), dir);
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            SquashfsImage fs = SquashfsImage.open(channel, PREFIX_BYTES, Files.size(image) - PREFIX_BYTES);

            assertEquals(Optional.of("/" + RootfsTree.FIRST_DECOY), fs.findRegularFile("nmstatectl", "/nmstatectl"));
            assertEquals(Optional.of("/" + RootfsTree.BINARY), fs.findRegularFile("nmstatectl", "/usr/bin/nmstatectl"));
            assertEquals(Optional.empty(), fs.findRegularFile("nmstatectl-missing", "/nmstatectl-missing"));
            assertEquals(Optional.of("/" + RootfsTree.DEPLOY + "/usr/share/deep/a/b/c/d/e/f/g/file"),
                    fs.findRegularFile("file", "/file"));

            List<Path> files;
            try (Stream<Path> walk = Files.walk(tree)) {
                files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
            }
            assertTrue(files.size() > 300);
            for (Path file : files) {
                String path = "/" + tree.relativize(file);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long n = fs.copyFile(path, out);
                byte[] expected = Files.readAllBytes(file);
                assertEquals(expected.length, n, path);
                assertArrayEquals(expected, out.toByteArray(), path);
            }
        }
    }

    @OracleTest
    @ParameterizedTest
    @MethodSource("mksquashfsOptions")
    void copyMatchesUnsquashfsCat(List<String> options, @TempDir Path dir) throws Exception {
        Path image = squashfs(options, dir);
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            SquashfsImage fs = SquashfsImage.open(channel, 0, Files.size(image));
            for (String path : List.of(RootfsTree.BINARY, RootfsTree.TINY, RootfsTree.DEPLOY + "/usr/lib/many/"
                    + "0123-a-rather-long-file-name-to-fill-metadata-blocks")) {
                byte[] oracle = ExternalTools.run(dir, "unsquashfs", "-cat", image.toString(), path);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                fs.copyFile("/" + path, out);
                assertTrue(oracle.length > 0, path);
                assertArrayEquals(oracle, out.toByteArray(), path);
            }
        }
    }

    @OracleTest
    @Test
    void copyRejectsMissingPathsDirectoriesAndSymlinks(@TempDir Path dir) throws Exception {
        Path image = squashfs(List.of("-comp", "zstd"), dir);
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            SquashfsImage fs = SquashfsImage.open(channel, 0, Files.size(image));
            OutputStream sink = OutputStream.nullOutputStream();
            assertThrows(RootfsFormatException.class, () -> fs.copyFile("/no/such/file", sink));
            assertThrows(RootfsFormatException.class, () -> fs.copyFile("/" + RootfsTree.DEPLOY + "/usr/bin", sink));
            assertThrows(RootfsFormatException.class, () -> fs.copyFile("/boot/nmstatectl", sink));
            assertThrows(RootfsFormatException.class, () -> fs.copyFile("/" + RootfsTree.BINARY + "/x", sink));
        }
    }

    @OracleTest
    @Test
    void unsupportedCompressionIsNamed(@TempDir Path dir) throws Exception {
        Path image = squashfs(List.of("-comp", "lz4"), dir);
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
            RootfsFormatException e = assertThrows(RootfsFormatException.class,
                    () -> SquashfsImage.open(channel, 0, Files.size(image)));
            assertEquals("squashfs compression lz4 is not supported (supported: gzip, xz, zstd)", e.getMessage());
        }
    }

    @Test
    void notSquashfsIsRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("zeros");
        Files.write(file, new byte[4096]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            RootfsFormatException e = assertThrows(RootfsFormatException.class, () -> SquashfsImage.open(channel, 0, 4096));
            assertEquals("no squashfs magic at the start of the image", e.getMessage());
        }
    }

    private static Path squashfs(List<String> options, Path dir) throws Exception {
        Path image = dir.resolve("root.squashfs");
        ExternalTools.mksquashfs(tree, image, options);
        return image;
    }

    /** The image behind {@link #PREFIX_BYTES} of junk and before trailing junk, as inside an ISO. */
    private static Path withPrefix(Path image, Path dir) throws IOException {
        Path embedded = dir.resolve("embedded.bin");
        byte[] junk = RootfsTree.binaryContent(99, (int) PREFIX_BYTES, 0);
        try (OutputStream out = Files.newOutputStream(embedded)) {
            out.write(junk);
            Files.copy(image, out);
            out.write(junk, 0, 777);
        }
        return embedded;
    }
}

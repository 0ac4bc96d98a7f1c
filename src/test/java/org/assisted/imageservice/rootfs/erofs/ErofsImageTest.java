package org.assisted.imageservice.rootfs.erofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Images built during the test run by Debian's mkfs.erofs (erofs-utils 1.5: uncompressed layouts and LZ4). */
@OracleTest
class ErofsImageTest {

    private static final int WINDOW_PREFIX_BYTES = 4321;

    @BeforeAll
    static void requireErofsUtils() {
        assertTrue(ErofsTools.available("mkfs.erofs") && ErofsTools.available("fsck.erofs"),
                "erofs-utils (mkfs.erofs, fsck.erofs) is not installed: run scripts/install-test-tools.sh");
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("flat inline (default)", List.of()),
                Arguments.of("flat plain", List.of("-Enoinline_data")),
                Arguments.of("extended inodes", List.of("-Eforce-inode-extended")),
                Arguments.of("chunk block map", List.of("--chunksize=8192")),
                Arguments.of("chunk indexes", List.of("--chunksize=16384", "-Eforce-chunk-indexes")),
                Arguments.of("lz4 compact", List.of("-zlz4")),
                Arguments.of("lz4hc compact", List.of("-zlz4hc")),
                Arguments.of("lz4hc big pcluster", List.of("-zlz4hc", "-C65536")),
                Arguments.of("lz4 full indexes", List.of("-zlz4", "-Elegacy-compress")),
                Arguments.of("lz4hc full indexes big pcluster", List.of("-zlz4hc,9", "-Elegacy-compress", "-C32768")),
                Arguments.of("lz4hc ztailpacking", List.of("-zlz4hc", "-Eztailpacking")),
                Arguments.of("lz4 ztailpacking big pcluster", List.of("-zlz4", "-Eztailpacking", "-C16384")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void readsEveryFileLikeFsckExtract(String name, List<String> options, @TempDir Path dir) throws Exception {
        Map<String, byte[]> files = ErofsTestTree.write(dir.resolve("src"), 42);
        Path image = ErofsTools.mkfs(dir, options, dir.resolve("src"));
        Path extracted = dir.resolve("extracted");
        ExternalTools.output("fsck.erofs", "--extract=" + extracted, image.toString());
        Path window = ErofsTools.embed(image, dir.resolve("rootfs.img"), WINDOW_PREFIX_BYTES);

        try (FileChannel channel = FileChannel.open(window)) {
            ErofsImage erofs = ErofsImage.open(channel, WINDOW_PREFIX_BYTES, Files.size(image));
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long copied = erofs.copyFile("/" + file.getKey(), out);
                assertArrayEquals(file.getValue(), out.toByteArray(), file.getKey());
                assertArrayEquals(Files.readAllBytes(extracted.resolve(file.getKey())), out.toByteArray(),
                        "fsck.erofs --extract differs for " + file.getKey());
                assertEquals(file.getValue().length, copied, file.getKey());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void findsNmstatectlUnderUsrBinDepthFirst(String name, List<String> options, @TempDir Path dir)
            throws Exception {
        ErofsTestTree.write(dir.resolve("src"), 7);
        Path image = ErofsTools.mkfs(dir, options, dir.resolve("src"));
        try (FileChannel channel = FileChannel.open(image)) {
            ErofsImage erofs = ErofsImage.open(channel, 0, channel.size());
            assertEquals(Optional.of("/usr/bin/nmstatectl"), erofs.findRegularFile("nmstatectl", "/usr/bin/nmstatectl"));
            assertEquals(Optional.of("/a/b/c/d/deep.bin"), erofs.findRegularFile("deep.bin", "/deep.bin"));
            String longName = "entry-0299-with-a-rather-long-name-to-fill-directory-blocks";
            assertEquals(Optional.of("/many/" + longName), erofs.findRegularFile(longName, "/" + longName));
            assertEquals(Optional.of("/etc/dup.txt"), erofs.findRegularFile("dup.txt", "/dup.txt"));
            assertEquals(Optional.of("/etc/dup.txt"), erofs.findRegularFile("dup.txt", "/no/such/dup.txt"),
                    "without a preferred match the first match wins");
            assertEquals(Optional.of("/usr/share/dup.txt"), erofs.findRegularFile("dup.txt", "/share/dup.txt"),
                    "a later match with the preferred suffix wins over the first match");
            assertEquals(Optional.empty(), erofs.findRegularFile("nmstate-link", "/nmstate-link"));
            assertEquals(Optional.empty(), erofs.findRegularFile("absent", "/absent"));
            OutputStream sink = OutputStream.nullOutputStream();
            assertThrows(NoSuchFileException.class, () -> erofs.copyFile("/usr/bin/absent", sink));
            assertThrows(IOException.class, () -> erofs.copyFile("/etc/nmstatectl", sink));
            assertThrows(IOException.class, () -> erofs.copyFile("/usr/bin/nmstate-link", sink));
        }
    }
}

package org.assisted.imageservice.rootfs.erofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Committed fixtures from erofs-utils 1.8.6 (see {@code src/test/resources/erofs/INDEX}): MicroLZMA as RHCOS builds
 * it, DEFLATE, fragments, ztailpacking and dedupe, checked against sha256 manifests of {@code fsck.erofs --extract}.
 */
class ErofsFixtureTest {

    private static final int WINDOW_PREFIX_BYTES = 124;

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        return Files.readAllLines(resource("INDEX"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.substring(0, line.indexOf(' ')));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFileMatchesTheFsckExtractManifest(String fixture, @TempDir Path dir) throws Exception {
        Path image = resource(fixture + ".erofs");
        List<String> manifest = Files.readAllLines(resource(fixture + ".sha256"), StandardCharsets.UTF_8);
        assertTrue(manifest.size() > 100, "manifest of " + fixture + " lists too few files");
        Path window = ErofsTools.embed(image, dir.resolve("rootfs.img"), WINDOW_PREFIX_BYTES);
        try (FileChannel channel = FileChannel.open(window)) {
            ErofsImage erofs = ErofsImage.open(channel, WINDOW_PREFIX_BYTES, Files.size(image));
            for (String line : manifest) {
                String expected = line.substring(0, 64);
                String path = line.substring(line.indexOf("./") + 1);
                assertEquals(expected, sha256(erofs, path), fixture + ":" + path);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void findsNmstatectlUnderUsrBin(String fixture) throws Exception {
        try (FileChannel channel = FileChannel.open(resource(fixture + ".erofs"))) {
            ErofsImage erofs = ErofsImage.open(channel, 0, channel.size());
            assertEquals(Optional.of("/usr/bin/nmstatectl"), erofs.findRegularFile("nmstatectl", "/usr/bin/nmstatectl"));
            assertEquals(Optional.of("/a/b/deep.bin"), erofs.findRegularFile("deep.bin", "/deep.bin"));
            assertEquals(Optional.empty(), erofs.findRegularFile("nmstate-link", "/nmstate-link"));
        }
    }

    private static String sha256(ErofsImage erofs, String path) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            erofs.copyFile(path, out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ErofsFixtureTest.class.getResource("/erofs/" + name).toURI());
    }
}

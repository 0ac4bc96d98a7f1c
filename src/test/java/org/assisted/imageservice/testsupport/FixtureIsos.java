package org.assisted.imageservice.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The test ISOs one JVM needs, each written once by {@link JavaIsoWriter} into a temporary directory that is
 * deleted when the JVM exits (Surefire runs all unit tests in one JVM, so this is once per test run). A spec is
 * identified by its fields and the SHA-256 of each override, so equal specs built by different tests share one
 * image. Callers get a copy, which they may change, move or delete.
 */
final class FixtureIsos {

    private static final Map<String, Path> BUILT = new HashMap<>();
    private static Path directory;

    private FixtureIsos() {
    }

    /** Copies the image of {@code spec} to {@code target} (replaced if it exists), writing it first if needed. */
    static Path copy(TestIsos spec, Path target) throws IOException {
        Files.copy(image(spec), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private static synchronized Path image(TestIsos spec) throws IOException {
        String key = fingerprint(spec);
        Path built = BUILT.get(key);
        if (built == null) {
            built = JavaIsoWriter.write(spec, directory().resolve(key + ".iso"));
            BUILT.put(key, built);
        }
        return built;
    }

    private static Path directory() throws IOException {
        if (directory == null) {
            Path created = Files.createTempDirectory("fixture-isos-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    TestIsos.deleteTree(created);
                } catch (UncheckedIOException e) {
                    System.err.println("fixture ISOs left behind: " + e.getMessage());
                }
            }, "fixture-isos-cleanup"));
            directory = created;
        }
        return directory;
    }

    /** SHA-256 (hex) of every field of the spec, overrides by path and content digest. */
    private static String fingerprint(TestIsos spec) {
        MessageDigest digest = sha256();
        String fields = String.join("\n", spec.layout().name(), spec.volumeId(), Long.toString(spec.kernelSize()),
                Long.toString(spec.initrdSize()), Long.toString(spec.rootfsSize()), spec.efiVendor(),
                spec.arch().name(), Boolean.toString(spec.isohybrid()));
        digest.update(fields.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> override : spec.overrides().entrySet()) {
            digest.update(("\n" + override.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] content = override.getValue();
            digest.update(content == null ? "removed".getBytes(StandardCharsets.UTF_8) : sha256().digest(content));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

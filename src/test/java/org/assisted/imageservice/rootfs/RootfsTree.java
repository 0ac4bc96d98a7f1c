package org.assisted.imageservice.rootfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Builds an RHCOS-like source tree for mksquashfs: the binary under an ostree deployment plus
 * decoys (a regular file named nmstatectl that comes first depth-first, a directory named
 * nmstatectl, nmstatectl-README, a symlink named nmstatectl), a tiny file that fits in a fragment,
 * a hard link (extended file inode), a mostly-zero file (sparse blocks) and a directory with a
 * listing larger than one metadata block (several headers, extended directory inode).
 */
public final class RootfsTree {

    public static final String DEPLOY = "ostree/deploy/rhcos/deploy/0123abcd.0";
    public static final String BINARY = DEPLOY + "/usr/bin/nmstatectl";
    public static final String FIRST_DECOY = DEPLOY + "/etc/nmstate/nmstatectl";
    public static final String TINY = DEPLOY + "/usr/bin/tiny";
    static final byte[] DECOY_CONTENT = "decoy: not the binary\n".getBytes(StandardCharsets.US_ASCII);

    private RootfsTree() {
    }

    /** Pseudo-random bytes followed by text, {@code randomBytes + textBytes} long. */
    public static byte[] binaryContent(long seed, int randomBytes, int textBytes) {
        byte[] content = new byte[randomBytes + textBytes];
        new Random(seed).nextBytes(content);
        byte[] text = "nmstatectl: apply and show network state with NetworkManager\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < textBytes; i++) {
            content[randomBytes + i] = text[i % text.length];
        }
        return content;
    }

    /**
     * @param withBinary    whether {@link #BINARY} (and a hard link to it) exist
     * @param withDecoyFile whether the regular file {@link #FIRST_DECOY} exists
     */
    public static void write(Path root, boolean withBinary, boolean withDecoyFile) throws IOException {
        Path deploy = root.resolve(DEPLOY);
        if (withBinary) {
            write(root.resolve(BINARY), binaryContent(42, 300_000, 150_003));
            Files.createLink(deploy.resolve("usr/bin/nmstatectl-hardlink"), root.resolve(BINARY));
        }
        if (withDecoyFile) {
            write(root.resolve(FIRST_DECOY), DECOY_CONTENT);
        }
        write(deploy.resolve("lib/nmstatectl/inside"), "a file inside a directory named nmstatectl\n"
                .getBytes(StandardCharsets.US_ASCII));
        write(deploy.resolve("usr/share/doc/nmstatectl-README"), "readme\n".getBytes(StandardCharsets.US_ASCII));
        Files.createDirectories(root.resolve("boot"));
        Files.createSymbolicLink(root.resolve("boot/nmstatectl"), Path.of("../" + BINARY));
        write(root.resolve(TINY), binaryContent(7, 100, 20));
        Files.createFile(deploy.resolve("usr/bin/empty"));
        byte[] sparse = new byte[3 * 131_072 + 5000];
        sparse[sparse.length - 1] = 1;
        write(deploy.resolve("var/lib/mostly-zero"), sparse);
        for (int i = 0; i < 300; i++) {
            String name = String.format(Locale.ROOT, "%04d-a-rather-long-file-name-to-fill-metadata-blocks", i);
            write(deploy.resolve("usr/lib/many").resolve(name), binaryContent(i, i % 50, i % 7));
        }
        write(deploy.resolve("usr/share/deep/a/b/c/d/e/f/g/file"), binaryContent(3, 9000, 9000));
        write(root.resolve("x".repeat(255)), binaryContent(5, 10, 10));
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}

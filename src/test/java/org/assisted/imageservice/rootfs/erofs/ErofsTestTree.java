package org.assisted.imageservice.rootfs.erofs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** A deterministic source tree for {@code mkfs.erofs}: a fake nmstatectl among decoys, nested and large directories. */
final class ErofsTestTree {

    static final String NMSTATECTL = "usr/bin/nmstatectl";
    private static final int MANY_ENTRIES = 300;

    private final Map<String, byte[]> files = new TreeMap<>();
    private final Random random;

    private ErofsTestTree(long seed) {
        this.random = new Random(seed);
    }

    /** Writes the tree under {@code root} and returns its regular files by relative path. */
    static Map<String, byte[]> write(Path root, long seed) throws IOException {
        ErofsTestTree tree = new ErofsTestTree(seed);
        tree.add(NMSTATECTL, tree.mixed(384 * 1024 + 123));
        tree.add("opt/decoy/nmstatectl", "not the binary you are looking for\n".getBytes(StandardCharsets.UTF_8));
        tree.add("usr/share/dup.txt", tree.text(100));
        tree.add("etc/dup.txt", tree.text(200));
        tree.add("etc/small.txt", "hello erofs\n".getBytes(StandardCharsets.UTF_8));
        tree.add("etc/empty", new byte[0]);
        tree.add("etc/block-sized", tree.randomBytes(4096));
        tree.add("var/zeros.bin", new byte[200 * 1024]);
        tree.add("a/b/c/d/deep.bin", tree.randomBytes(20_000));
        tree.add("a/b/copy-of-deep.bin", tree.files.get("a/b/c/d/deep.bin"));
        tree.add("usr/lib/text.log", tree.text(70_000));
        for (int i = 0; i < MANY_ENTRIES; i++) {
            tree.add(String.format(Locale.ROOT, "many/entry-%04d-with-a-rather-long-name-to-fill-directory-blocks", i),
                    tree.text(1 + i * 7));
        }
        for (Map.Entry<String, byte[]> file : tree.files.entrySet()) {
            Path target = root.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        Files.createDirectories(root.resolve("etc/nmstatectl"));
        Files.createSymbolicLink(root.resolve("usr/bin/nmstate-link"), Path.of("nmstatectl"));
        return tree.files;
    }

    private void add(String path, byte[] content) {
        files.put(path, content);
    }

    /** Alternating runs of random bytes and repetitive text, so compressors emit both plain and compressed clusters. */
    private byte[] mixed(int size) {
        byte[] out = new byte[size];
        int at = 0;
        while (at < size) {
            int run = Math.min(size - at, 1000 + random.nextInt(9000));
            byte[] part = random.nextBoolean() ? randomBytes(run) : text(run);
            System.arraycopy(part, 0, out, at, run);
            at += run;
        }
        return out;
    }

    private byte[] randomBytes(int size) {
        byte[] out = new byte[size];
        random.nextBytes(out);
        return out;
    }

    private byte[] text(int size) {
        String[] words = {"erofs", "cluster", "nmstate", "interface", "bond", "vlan", "route", "\n", "ipv4", "dns"};
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) {
            sb.append(words[random.nextInt(words.length)]).append(' ');
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}

package org.assisted.imageservice.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds small real ISO 9660 images with Debian's xorriso. */
final class TestIsos {
    static final String ROOTFS = "images/pxeboot/rootfs.img";
    static final String VMLINUZ = "images/pxeboot/vmlinuz";
    static final String KERNEL_IMG = "images/pxeboot/kernel.img";
    static final int ROOTFS_BYTES = 70_000;
    static final int KERNEL_BYTES = 20_000;
    /** Test minimums: the standard test ISO passes them. */
    static final long MIN_ROOTFS_BYTES = 65_536;
    static final long MIN_KERNEL_BYTES = 16_384;

    private TestIsos() {
    }

    /** An RHCOS-like ISO with a valid rootfs and kernel. */
    static Path rhcos(Path dir, String name) throws IOException {
        return build(dir, name, "rhcos-test-x86_64", Map.of(ROOTFS, ROOTFS_BYTES, VMLINUZ, KERNEL_BYTES));
    }

    /**
     * @param files relative path → size in bytes; content is a deterministic pattern
     */
    static Path build(Path dir, String name, String volumeId, Map<String, Integer> files) throws IOException {
        Path tree = Files.createTempDirectory(dir, "tree");
        for (Map.Entry<String, Integer> file : new LinkedHashMap<>(files).entrySet()) {
            Path p = tree.resolve(file.getKey());
            Files.createDirectories(p.getParent());
            byte[] content = new byte[file.getValue()];
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) (i * 31 + file.getKey().length());
            }
            Files.write(p, content);
        }
        Path iso = dir.resolve(name);
        run("xorriso", "-as", "mkisofs", "-R", "-J", "-V", volumeId, "-o", iso.toString(), tree.toString());
        return iso;
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}

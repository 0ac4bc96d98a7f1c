package org.assisted.imageservice.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.assisted.imageservice.testsupport.ExternalTools;

/**
 * Real boot inputs for the PXE tests, made with the Debian tools: an RHCOS-like {@code rootfs.img} (GNU cpio
 * newc archive of a {@code mksquashfs} image), a static-network ramdisk (gzip'd cpio) and a busybox initramfs
 * whose {@code /init} reports what the assembled initramfs contains on the serial console, then powers off.
 */
final class PxeFixtures {

    /** The stand-in nmstatectl: a script the initramfs runs to prove it arrived intact and executable. */
    static final String NMSTATECTL = "#!/bin/busybox sh\necho NMSTATECTL-RAN\n";
    /** Where RHCOS keeps it inside root.squashfs. */
    static final String NMSTATECTL_PATH = "ostree/deploy/rhcos/deploy/7f3a.0/usr/bin/nmstatectl";
    static final String RAMDISK_FILE = "etc/assisted/network/host0/eth0.nmconnection";
    static final String RAMDISK_CONTENT = "[connection]\nid=eth0\n";
    private static final String BUSYBOX = "/bin/busybox";
    private static final String INIT = """
            #!/bin/busybox sh
            /bin/busybox mkdir -p /proc /sys /dev
            /bin/busybox mount -t devtmpfs dev /dev
            exec >/dev/ttyS0 2>&1
            echo "PXE-REPORT-BEGIN"
            echo "config.ign: $(/bin/busybox cat /config.ign)"
            echo "ramdisk: $(/bin/busybox cat /%s)"
            echo "nmstatectl mode: $(/bin/busybox stat -c %%A /usr/bin/nmstatectl)"
            /usr/bin/nmstatectl
            echo "PXE-REPORT-END"
            /bin/busybox poweroff -f
            """.formatted(RAMDISK_FILE);

    private PxeFixtures() {
    }

    /**
     * {@code rootfs.img}: a GNU cpio newc archive holding {@code root.squashfs} (some KiB, so deployments set
     * {@code MIN_ROOTFS_SIZE} low).
     *
     * @param withNmstatectl whether the squashfs tree contains {@link #NMSTATECTL_PATH}
     */
    static byte[] rootfs(Path work, boolean withNmstatectl) throws IOException {
        Path dir = Files.createTempDirectory(work, "rootfs-");
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(Files.createDirectories(tree.resolve("etc")).resolve("os-release"), "ID=rhcos\n");
        if (withNmstatectl) {
            Path binary = tree.resolve(NMSTATECTL_PATH);
            Files.createDirectories(binary.getParent());
            Files.writeString(binary, NMSTATECTL);
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path members = Files.createDirectories(dir.resolve("members"));
        ExternalTools.output(List.of("mksquashfs", tree.toString(), members.resolve("root.squashfs").toString(),
                "-comp", "gzip", "-noappend", "-quiet"));
        Path rootfs = dir.resolve("rootfs.img");
        shell(members, "echo root.squashfs | cpio -o -H newc --quiet > " + rootfs);
        return Files.readAllBytes(rootfs);
    }

    /** A gzip'd newc cpio with {@link #RAMDISK_FILE}, as assisted-service's minimal-initrd answers. */
    static byte[] ramdisk(Path work) throws IOException {
        Path dir = Files.createTempDirectory(work, "ramdisk-");
        Path file = dir.resolve(RAMDISK_FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, RAMDISK_CONTENT);
        Path out = work.resolve(dir.getFileName() + ".img");
        shell(dir, "find etc | sort | cpio -o -H newc --quiet | gzip -9n > " + out);
        return Files.readAllBytes(out);
    }

    /**
     * A gzip'd newc initramfs: static busybox, the reporting {@code /init}, and {@code /usr/bin}, which an RHCOS
     * initrd has too: the nmstate archive holds no directory entries and the kernel does not create parents.
     */
    static byte[] busyboxInitramfs(Path work) throws IOException {
        Path dir = Files.createTempDirectory(work, "initramfs-");
        Files.createDirectories(dir.resolve("usr/bin"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(Path.of(BUSYBOX), bin.resolve("busybox"));
        Path init = dir.resolve("init");
        Files.writeString(init, INIT);
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = work.resolve(dir.getFileName() + ".img");
        shell(dir, "find . | sort | cpio -o -H newc --quiet | gzip -1n > " + out);
        return Files.readAllBytes(out);
    }

    /** Runs {@code script} with bash in {@code dir}; fails on a non-zero exit of any command of a pipeline. */
    static String shell(Path dir, String script) throws IOException {
        return ExternalTools.output(List.of("bash", "-o", "pipefail", "-c", "cd '" + dir + "' && " + script));
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

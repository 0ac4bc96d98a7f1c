package org.assisted.imageservice.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.TestIsos;

/**
 * A tiny RHCOS-like live ISO that really boots in BIOS/CD mode, made from Debian packages: isolinux and
 * {@code ldlinux.c32} (isolinux, syslinux-common), Debian's kernel (linux-image-amd64) and an initramfs holding
 * busybox (busybox-static) whose {@code /init} prints {@code /proc/cmdline}, {@code ls -l /}, {@code /config.ign}
 * and {@link #RAMDISK_MARKER} to the serial console between {@link #BEGIN} and {@link #END}, then powers off. Its
 * {@code isolinux.cfg} has the RHCOS shape: {@code append initrd=<initrd>,<ignition.img> ...} followed by a kargs
 * embed area that {@code coreos/kargs.json} describes.
 */
final class BootableBaseIso {
    static final String BEGIN = "BOOT-TEST-BEGIN";
    static final String END = "BOOT-TEST-END";
    static final String RAMDISK_MARKER = "etc/assisted/ramdisk-marker";
    private static final Path ISOLINUX_BIN = Path.of("/usr/lib/ISOLINUX/isolinux.bin");
    private static final Path LDLINUX_C32 = Path.of("/usr/lib/syslinux/modules/bios/ldlinux.c32");
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Path BOOT_DIR = Path.of("/boot");
    private static final int KARGS_AREA_BYTES = 1024;
    private static final String INSTALL_HINT = " (Debian: scripts/install-test-tools.sh installs isolinux, "
            + "syslinux-common, linux-image-amd64, busybox-static, qemu-system-x86 and qemu-block-extra)";

    private BootableBaseIso() {
    }

    /** Builds {@code dir/<volumeId>.iso}. */
    static Path build(Path dir, String volumeId) throws IOException {
        String kargs = "mitigations=auto,nosmt coreos.liveiso=" + volumeId + " ignition.firstboot ignition.platform.id=metal";
        String prefix = "serial 0 115200\ndefault live\nprompt 0\ntimeout 0\nlabel live\n"
                + "  kernel /images/pxeboot/vmlinuz\n"
                + "  append initrd=/images/pxeboot/initrd.img,/images/ignition.img console=ttyS0 quiet ";
        String isolinuxCfg = prefix + kargs + "\n" + "#".repeat(KARGS_AREA_BYTES) + " COREOS_KARG_EMBED_AREA\n";
        String kargsJson = "{\"default\": \"" + kargs + "\", \"files\": [{\"path\": \"isolinux/isolinux.cfg\", "
                + "\"offset\": " + prefix.length() + "}], \"size\": " + (kargs.length() + KARGS_AREA_BYTES) + "}\n";
        return TestIsos.x86_64(volumeId).rootfsSize(1 << 20)
                .file("isolinux/isolinux.bin", Files.readAllBytes(require(ISOLINUX_BIN)))
                .file("isolinux/ldlinux.c32", Files.readAllBytes(require(LDLINUX_C32)))
                .file("isolinux/isolinux.cfg", isolinuxCfg)
                .file("coreos/kargs.json", kargsJson)
                .file("images/pxeboot/vmlinuz", Files.readAllBytes(kernel()))
                .file("images/pxeboot/initrd.img", initramfs(dir))
                .buildWithXorriso(dir);
    }

    /** An uncompressed newc cpio holding {@link #RAMDISK_MARKER} with {@code content}, as a minimal-initrd stand-in. */
    static byte[] ramdisk(Path dir, String content) throws IOException {
        Path tree = Files.createTempDirectory(dir, "ramdisk-");
        Path marker = tree.resolve(RAMDISK_MARKER);
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, content + "\n");
        return cpio(tree, false);
    }

    /** Fails with a hint when a boot-test tool is missing (no silent skip). */
    static Path require(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(file + " is missing" + INSTALL_HINT);
        }
        return file;
    }

    /** The newest {@code /boot/vmlinuz-*}. */
    static Path kernel() throws IOException {
        List<Path> kernels = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(BOOT_DIR, "vmlinuz-*")) {
            files.forEach(kernels::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + BOOT_DIR + INSTALL_HINT, e);
        }
        return require(kernels.stream().sorted().reduce((a, b) -> b).orElse(BOOT_DIR.resolve("vmlinuz-*")));
    }

    /** Runs QEMU (TCG) on {@code iso} booting from the CD and returns the serial console output. */
    static String boot(Path iso, Path console, long timeoutSeconds) throws IOException, InterruptedException {
        return boot(List.of("-cdrom", iso.toString()), console, timeoutSeconds);
    }

    /**
     * Runs QEMU (TCG) booting from a CD that its curl block driver (qemu-block-extra) reads straight from
     * {@code url} with Range requests, as a BMC's virtual media does, and returns the serial console output.
     *
     * @param url an http URL without commas (QEMU's option syntax would split it)
     */
    static String bootOverHttp(String url, Path console, long timeoutSeconds) throws IOException, InterruptedException {
        if (url.contains(",")) {
            throw new IllegalArgumentException("QEMU option values cannot hold a comma: " + url);
        }
        return boot(List.of("-drive", "media=cdrom,readonly=on,file.driver=http,file.url=" + url + ",file.timeout=60"),
                console, timeoutSeconds);
    }

    private static String boot(List<String> cdrom, Path console, long timeoutSeconds)
            throws IOException, InterruptedException {
        Files.deleteIfExists(console);
        List<String> command = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-m", "512",
                "-no-reboot", "-display", "none", "-monitor", "none", "-serial", "file:" + console));
        command.addAll(cdrom);
        command.addAll(List.of("-boot", "d"));
        Process qemu;
        try {
            qemu = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(console.resolveSibling("qemu.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run qemu-system-x86_64" + INSTALL_HINT, e);
        }
        qemu.getOutputStream().close();
        if (!qemu.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            qemu.destroyForcibly().waitFor();
            throw new AssertionError("QEMU did not power off within " + timeoutSeconds + " s; console:\n"
                    + readIfExists(console) + "\nqemu:\n" + readIfExists(console.resolveSibling("qemu.log")));
        }
        return readIfExists(console);
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
    }

    private static byte[] initramfs(Path dir) throws IOException {
        Path tree = Files.createTempDirectory(dir, "initramfs-");
        Path bin = Files.createDirectories(tree.resolve("bin"));
        Files.copy(require(BUSYBOX), bin.resolve("busybox"));
        String init = "#!/bin/busybox sh\n"
                + "/bin/busybox mkdir -p /dev /proc\n"
                + "/bin/busybox mount -t devtmpfs devtmpfs /dev\n"
                + "/bin/busybox mount -t proc proc /proc\n"
                + "exec >/dev/ttyS0 2>&1\n"
                + "echo " + BEGIN + "\n"
                + "/bin/busybox cat /proc/cmdline\n"
                + "/bin/busybox ls -l /\n"
                + "/bin/busybox cat /config.ign\n"
                + "echo\n"
                + "/bin/busybox cat /" + RAMDISK_MARKER + "\n"
                + "echo " + END + "\n"
                + "/bin/busybox poweroff -f\n";
        Path initFile = Files.writeString(tree.resolve("init"), init);
        Files.setPosixFilePermissions(initFile, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return cpio(tree, true);
    }

    /** {@code find . | cpio -o -H newc [| gzip]}, zero-padded to a multiple of 4 bytes for the next initrd. */
    private static byte[] cpio(Path tree, boolean gzip) throws IOException {
        Path archive = tree.resolveSibling(tree.getFileName() + ".cpio");
        ExternalTools.output(List.of("sh", "-c",
                "cd '" + tree + "' && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0"
                + (gzip ? " | gzip -9" : "") + " > '" + archive + "'"));
        byte[] bytes = Files.readAllBytes(archive);
        return Arrays.copyOf(bytes, (bytes.length + 3) / 4 * 4);
    }
}

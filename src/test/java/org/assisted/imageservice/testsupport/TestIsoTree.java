package org.assisted.imageservice.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the file tree of a {@link TestIsos} layout, overrides applied, into a directory: the one source of the
 * files of both image writers, xorriso ({@link TestIsos#writeWithXorriso}) and {@link JavaIsoWriter}.
 */
final class TestIsoTree {

    private static final String MARKER = " COREOS_KARG_EMBED_AREA\n";
    private static final int EFIBOOT_BYTES = 12 * 1024;

    private final TestIsos spec;
    private final Path tree;
    private final String kargs;

    private TestIsoTree(TestIsos spec, Path tree) {
        this.spec = spec;
        this.tree = tree;
        this.kargs = TestIsos.defaultKargs(spec.volumeId());
    }

    static void write(TestIsos spec, Path tree) throws IOException {
        TestIsoTree writer = new TestIsoTree(spec, tree);
        if (spec.layout() == TestIsos.Layout.S390X) {
            writer.writeS390x();
        } else if (spec.layout() != TestIsos.Layout.BARE) {
            writer.writeX86();
        }
        writer.writeOverrides();
    }

    private void writeX86() throws IOException {
        boolean markers = spec.layout() != TestIsos.Layout.LEGACY_2020;
        boolean isolinux = spec.arch() != TestIsos.Arch.PPC64LE;
        TestIsos.writePattern(tree.resolve("images/pxeboot/vmlinuz"), "vmlinuz", spec.kernelSize());
        writeCommonPxe();
        write("images/ignition.img", new byte[TestIsos.IGNITION_AREA_BYTES]);
        if (spec.arch() != TestIsos.Arch.PPC64LE) {
            write("images/efiboot.img", TestIsos.pattern("efiboot.img", 0, EFIBOOT_BYTES));
        }
        String grubPrefix = "set timeout=5\n\nmenuentry 'RHEL CoreOS (Live)' --class fedora --class gnu-linux {\n"
                + "\tlinux /images/pxeboot/vmlinuz ";
        String grub = grubPrefix + kargs + area(markers)
                + "\tinitrd /images/pxeboot/initrd.img /images/ignition.img\n}\n";
        String grubPath = spec.grubCfgPath().substring(1);
        write(grubPath, grub);
        String kargsFiles = "    {\"path\": \"" + grubPath + "\", \"offset\": " + grubPrefix.length() + "}";
        if (spec.arch() == TestIsos.Arch.X86_64) {
            write("isolinux/isolinux.bin", TestIsos.isolinuxBin());
        }
        if (isolinux) {
            String isolinuxPrefix = "serial 0\ndefault vesamenu.c32\ntimeout 600\nmenu title RHEL CoreOS\nlabel linux\n"
                    + "  menu label ^RHEL CoreOS (Live)\n  menu default\n  kernel /images/pxeboot/vmlinuz\n"
                    + "  append initrd=/images/pxeboot/initrd.img,/images/ignition.img ";
            write("isolinux/isolinux.cfg", isolinuxPrefix + kargs + area(markers));
            kargsFiles += ",\n    {\"path\": \"isolinux/isolinux.cfg\", \"offset\": " + isolinuxPrefix.length() + "}";
        }
        if (spec.layout() == TestIsos.Layout.X86_64) {
            write("coreos/igninfo.json", "{\"file\": \"images/ignition.img\"}");
            write("coreos/kargs.json", "{\n  \"default\": \"" + kargs + "\",\n  \"files\": [\n" + kargsFiles + "\n"
                    + "  ],\n  \"size\": " + (kargs.length() + TestIsos.KARGS_AREA_BYTES) + "\n}\n");
        }
    }

    private void writeS390x() throws IOException {
        TestIsos.writePattern(tree.resolve("images/pxeboot/kernel.img"), "kernel.img", spec.kernelSize());
        writeCommonPxe();
        ByteArrayOutputStream cdboot = new ByteArrayOutputStream();
        byte[] head = TestIsos.pattern("cdboot.img", 0, TestIsos.S390X_IGNITION_OFFSET);
        byte[] kargsArea = new byte[kargs.length() + TestIsos.KARGS_AREA_BYTES];
        System.arraycopy(kargs.getBytes(StandardCharsets.US_ASCII), 0, kargsArea, 0, kargs.length());
        System.arraycopy(kargsArea, 0, head, TestIsos.S390X_KARGS_OFFSET, kargsArea.length);
        cdboot.write(head);
        cdboot.write(new byte[TestIsos.IGNITION_AREA_BYTES]);
        cdboot.write(TestIsos.pattern("cdboot.img-tail", 0, 4096));
        write("images/cdboot.img", cdboot.toByteArray());
        write("images/initrd.addrsize", ByteBuffer.allocate(16).put(TestIsos.S390X_INITRD_ADDRESS)
                .putLong(spec.initrdSize()).array());
        write("images/genericdvd.prm", "ro ignition.firstboot ignition.platform.id=metal\n");
        write("generic.ins", "* minimal lpar ins file\nimages/kernel.img 0x00000000\nimages/initrd.img 0x02000000\n"
                + "images/genericdvd.prm 0x00010480\nimages/initrd.addrsize 0x00010408\n");
        write("coreos/igninfo.json", "{\"file\": \"images/cdboot.img\", \"offset\": " + TestIsos.S390X_IGNITION_OFFSET
                + ", \"length\": " + TestIsos.IGNITION_AREA_BYTES + "}");
        write("coreos/kargs.json", "{\"default\": \"" + kargs + "\", \"files\": [{\"path\": \"images/cdboot.img\", "
                + "\"offset\": " + TestIsos.S390X_KARGS_OFFSET + ", \"pad\": \"\\u0000\", \"end\": \"\\u0000\"}], "
                + "\"size\": " + kargsArea.length + "}");
    }

    private void writeCommonPxe() throws IOException {
        TestIsos.writePattern(tree.resolve("images/pxeboot/initrd.img"), "initrd.img", spec.initrdSize());
        TestIsos.writePattern(tree.resolve("images/pxeboot/rootfs.img"), "rootfs.img", spec.rootfsSize());
    }

    /** The end of the kargs line: {@code \n}, then {@code #} × capacity and the marker (or just {@code \n}). */
    private static String area(boolean marker) {
        return marker ? "\n" + "#".repeat(TestIsos.KARGS_AREA_BYTES) + MARKER : "\n";
    }

    private void writeOverrides() throws IOException {
        for (Map.Entry<String, byte[]> override : spec.overrides().entrySet()) {
            if (override.getValue() == null) {
                Files.deleteIfExists(tree.resolve(override.getKey()));
            } else {
                write(override.getKey(), override.getValue());
            }
        }
    }

    private void write(String path, String content) throws IOException {
        write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String path, byte[] content) throws IOException {
        Path file = tree.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}

package org.assisted.imageservice.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one builder of test ISO images: small images in the layouts of RHCOS/FCOS live ISOs, or {@link #bare} images
 * holding only the files given. Immutable; every setter returns a modified copy:
 *
 * <pre>{@code
 * Path iso = TestIsos.x86_64("rhcos-418.94.202501221327-0").rootfsSize(8 << 20).build(tempDir);
 * }</pre>
 *
 * {@link #build}/{@link #writeTo} write with the project's own {@link JavaIsoWriter} (no external process), each
 * distinct image once per JVM ({@link FixtureIsos}) and copied to where the test wants it. Tests whose point is
 * an independent tool's image ({@code xorriso -as mkisofs}: Rock Ridge + Joliet, isohybrid) call
 * {@link #buildWithXorriso}/{@link #writeWithXorriso} and are tagged {@link OracleTest}.
 *
 * File contents are reproducible: boot artifacts hold {@link #pattern(String, long, int)} bytes, the
 * ignition image is zeros, and each karg embed area holds {@link #defaultKargs(String)} followed by a
 * {@value #KARGS_AREA_BYTES}-byte area ({@code \n} and {@code #} padding) before {@code # COREOS_KARG_EMBED_AREA}.
 *
 * @param layout        which ISO generation to imitate
 * @param volumeId      ISO volume identifier ({@code -V})
 * @param kernelSize    bytes of {@code images/pxeboot/vmlinuz} (s390x: {@code kernel.img})
 * @param initrdSize    bytes of {@code images/pxeboot/initrd.img}
 * @param rootfsSize    bytes of {@code images/pxeboot/rootfs.img}
 * @param efiVendor     directory under {@code EFI/} holding grub.cfg ({@code redhat}, {@code fedora}, {@code centos})
 * @param overrides     files added or replaced (ISO path without leading slash → content; {@code null} removes)
 * @param arch          boot setup of the non-s390x layouts
 * @param isohybrid     whether the System Area gets an isohybrid MBR and GPT as in RHCOS x86_64 ISOs
 *                      ({@code -isohybrid-mbr isohdpfx.bin -isohybrid-gpt-basdat}, needs syslinux's isohdpfx.bin;
 *                      xorriso only)
 */
public record TestIsos(Layout layout, String volumeId, long kernelSize, long initrdSize, long rootfsSize,
                       String efiVendor, Map<String, byte[]> overrides, Arch arch, boolean isohybrid) {

    /** ISO generations. */
    public enum Layout {
        /** 2023+ x86_64: igninfo.json, kargs.json, markers, El Torito BIOS (isolinux) + EFI. */
        X86_64,
        /** s390x: ignition area inside {@code images/cdboot.img}, kargs.json pointing there (no marker). */
        S390X,
        /** 2021-era x86_64: no igninfo.json, no kargs.json, but marker-bearing boot configurations. */
        LEGACY_WITH_MARKERS,
        /** 2020-era x86_64: no igninfo.json, no kargs.json, no markers. */
        LEGACY_2020,
        /** No RHCOS files and no El Torito: only the files added with {@link #file} / {@link #patternFile}. */
        BARE
    }

    /** Boot setups of the non-s390x layouts. */
    public enum Arch {
        /** El Torito BIOS ({@code isolinux/isolinux.bin}, catalog {@code isolinux/boot.cat}) + EFI. */
        X86_64,
        /** El Torito EFI only, catalog {@code boot.catalog}; {@code isolinux/isolinux.cfg} without isolinux.bin. */
        AARCH64,
        /** No El Torito, no isolinux, no efiboot.img; grub.cfg at {@code boot/grub/grub.cfg}. */
        PPC64LE
    }

    /** Size of {@code images/ignition.img}, and of the s390x ignition area. */
    public static final int IGNITION_AREA_BYTES = 256 * 1024;
    /** Karg embed area capacity: the {@code \n} plus the {@code #} run before {@code # COREOS_KARG_EMBED_AREA}. */
    public static final int KARGS_AREA_BYTES = 1024;
    /** Offset of the ignition area inside the s390x {@code images/cdboot.img} (coreos-installer fixture value). */
    public static final int S390X_IGNITION_OFFSET = 132096;
    /** Offset of the kargs area inside the s390x {@code images/cdboot.img}. */
    public static final int S390X_KARGS_OFFSET = 4096;
    /** First 8 bytes of {@code images/initrd.addrsize}: the s390x initrd load address. */
    public static final byte[] S390X_INITRD_ADDRESS = {0, 0, 0, 0, 2, 0, 0, 0};
    private static final Path SYSTEM_ISOLINUX = Paths.get("/usr/lib/ISOLINUX/isolinux.bin");
    private static final Path SYSTEM_ISOHDPFX = Paths.get("/usr/lib/ISOLINUX/isohdpfx.bin");

    public TestIsos {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    public static TestIsos x86_64(String volumeId) {
        return new TestIsos(Layout.X86_64, volumeId, 8 * 1024, 16 * 1024, 32 * 1024, "redhat", Map.of(), Arch.X86_64,
                false);
    }

    public static TestIsos aarch64(String volumeId) {
        return x86_64(volumeId).arch(Arch.AARCH64);
    }

    public static TestIsos ppc64le(String volumeId) {
        return x86_64(volumeId).arch(Arch.PPC64LE);
    }

    public static TestIsos s390x(String volumeId) {
        return x86_64(volumeId).layout(Layout.S390X);
    }

    public static TestIsos legacyWithMarkers(String volumeId) {
        return x86_64(volumeId).layout(Layout.LEGACY_WITH_MARKERS);
    }

    public static TestIsos legacy2020(String volumeId) {
        return x86_64(volumeId).layout(Layout.LEGACY_2020);
    }

    /** An image of only the files added afterwards, e.g. {@code bare("v").patternFile("images/a.img", 4096)}. */
    public static TestIsos bare(String volumeId) {
        return x86_64(volumeId).layout(Layout.BARE);
    }

    public TestIsos layout(Layout value) {
        return new TestIsos(value, volumeId, kernelSize, initrdSize, rootfsSize, efiVendor, overrides, arch, isohybrid);
    }

    public TestIsos kernelSize(long bytes) {
        return new TestIsos(layout, volumeId, bytes, initrdSize, rootfsSize, efiVendor, overrides, arch, isohybrid);
    }

    public TestIsos initrdSize(long bytes) {
        return new TestIsos(layout, volumeId, kernelSize, bytes, rootfsSize, efiVendor, overrides, arch, isohybrid);
    }

    public TestIsos rootfsSize(long bytes) {
        return new TestIsos(layout, volumeId, kernelSize, initrdSize, bytes, efiVendor, overrides, arch, isohybrid);
    }

    public TestIsos efiVendor(String vendor) {
        return new TestIsos(layout, volumeId, kernelSize, initrdSize, rootfsSize, vendor, overrides, arch, isohybrid);
    }

    public TestIsos arch(Arch value) {
        return new TestIsos(layout, volumeId, kernelSize, initrdSize, rootfsSize, efiVendor, overrides, value,
                isohybrid);
    }

    public TestIsos isohybrid(boolean value) {
        return new TestIsos(layout, volumeId, kernelSize, initrdSize, rootfsSize, efiVendor, overrides, arch, value);
    }

    /** Adds or replaces a file, e.g. {@code file("images/assisted_installer_custom.img", new byte[1 << 20])}. */
    public TestIsos file(String isoPath, byte[] content) {
        Map<String, byte[]> copy = new LinkedHashMap<>(overrides);
        copy.put(stripSlash(isoPath), content.clone());
        return new TestIsos(layout, volumeId, kernelSize, initrdSize, rootfsSize, efiVendor, copy, arch, isohybrid);
    }

    /** Adds or replaces a text file (UTF-8). */
    public TestIsos file(String isoPath, String content) {
        return file(isoPath, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds or replaces a file of {@code bytes} reproducible {@link #pattern} bytes seeded with its path. */
    public TestIsos patternFile(String isoPath, int bytes) {
        return file(isoPath, pattern(stripSlash(isoPath), 0, bytes));
    }

    /** Leaves a file out of the image, e.g. {@code without("coreos/igninfo.json")}. */
    public TestIsos without(String isoPath) {
        Map<String, byte[]> copy = new LinkedHashMap<>(overrides);
        copy.put(stripSlash(isoPath), null);
        return new TestIsos(layout, volumeId, kernelSize, initrdSize, rootfsSize, efiVendor, copy, arch, isohybrid);
    }

    /** ISO path of the grub configuration, e.g. {@code /EFI/redhat/grub.cfg}. */
    public String grubCfgPath() {
        boolean ppc64le = layout != Layout.S390X && arch == Arch.PPC64LE;
        return ppc64le ? "/boot/grub/grub.cfg" : "/EFI/" + efiVendor + "/grub.cfg";
    }

    /** Writes {@code dir/<volumeId>.iso} with the project's own writer, see {@link #writeTo}. */
    public Path build(Path dir) throws IOException {
        return writeTo(dir.resolve(volumeId + ".iso"));
    }

    /**
     * Writes the image to {@code iso} (replaced if it exists) with the project's own {@link JavaIsoWriter}: a copy
     * of the one image this JVM builds for this spec, so the caller may change or delete it.
     *
     * @throws IllegalStateException for an {@link #isohybrid} spec, which only xorriso writes
     */
    public Path writeTo(Path iso) throws IOException {
        if (isohybrid) {
            throw new IllegalStateException("isohybrid test ISOs are written by xorriso: use writeWithXorriso");
        }
        return FixtureIsos.copy(this, iso);
    }

    /** Builds {@code dir/<volumeId>.iso} with xorriso, see {@link #writeWithXorriso}. */
    public Path buildWithXorriso(Path dir) throws IOException {
        return writeWithXorriso(dir.resolve(volumeId + ".iso"));
    }

    /** Builds the image at {@code iso} (replaced if it exists) with xorriso, using a scratch tree next to it. */
    public Path writeWithXorriso(Path iso) throws IOException {
        requireXorriso();
        Path tree = Files.createTempDirectory(iso.toAbsolutePath().getParent(), "tree-");
        try {
            TestIsoTree.write(this, tree);
            Files.deleteIfExists(iso);
            List<String> command = new ArrayList<>(List.of("xorriso", "-as", "mkisofs", "-R", "-J", "-joliet-long",
                    "-V", volumeId, "-o", iso.toString()));
            command.addAll(bootOptions());
            command.add(tree.toString());
            try {
                ExternalTools.output(command);
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("SIGSEGV")) {
                    throw e;
                }
                // xorriso 1.5.4 rarely crashes while shutting down after a complete write; one retry
                Files.deleteIfExists(iso);
                ExternalTools.output(command);
            }
            return iso;
        } finally {
            deleteTree(tree);
        }
    }

    /**
     * Reproducible filler bytes for boot artifacts.
     *
     * @param seed   usually the file name
     * @param from   position of the first byte within the file
     * @param length number of bytes
     */
    public static byte[] pattern(String seed, long from, int length) {
        byte[] bytes = new byte[length];
        int base = seed.hashCode();
        for (int i = 0; i < length; i++) {
            long position = from + i;
            bytes[i] = (byte) (base + position * 31 + (position >>> 9));
        }
        return bytes;
    }

    /** The default kernel arguments written before each karg embed area. */
    public static String defaultKargs(String volumeId) {
        return "mitigations=auto,nosmt coreos.liveiso=" + volumeId + " ignition.firstboot ignition.platform.id=metal";
    }

    /** Fails with a clear message when {@code xorriso} is not installed (no silent skip). */
    public static void requireXorriso() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        boolean found = Stream.of(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Paths.get(dir, "xorriso")));
        if (!found) {
            throw new IllegalStateException("xorriso is not on PATH: xorriso-built test ISOs need it "
                    + "(Debian/Ubuntu: apt-get install xorriso)");
        }
    }

    private List<String> bootOptions() {
        if (layout == Layout.BARE) {
            return List.of();
        }
        if (layout == Layout.S390X) {
            return List.of("-b", "images/cdboot.img", "-c", "boot.catalog", "-no-emul-boot");
        }
        if (arch == Arch.AARCH64) {
            return List.of("-c", "boot.catalog", "-e", "images/efiboot.img", "-no-emul-boot");
        }
        if (arch == Arch.PPC64LE) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        if (isohybrid) {
            if (!Files.isRegularFile(SYSTEM_ISOHDPFX)) {
                throw new IllegalStateException(SYSTEM_ISOHDPFX + " is missing: isohybrid test ISOs need it "
                        + "(Debian/Ubuntu: apt-get install isolinux)");
            }
            options.addAll(List.of("-isohybrid-mbr", SYSTEM_ISOHDPFX.toString()));
        }
        options.addAll(List.of("-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot",
                "-boot-load-size", "4", "-boot-info-table", "-eltorito-alt-boot", "-e", "images/efiboot.img",
                "-no-emul-boot"));
        if (isohybrid) {
            options.add("-isohybrid-gpt-basdat");
        }
        return options;
    }

    static byte[] isolinuxBin() throws IOException {
        return Files.isRegularFile(SYSTEM_ISOLINUX) ? Files.readAllBytes(SYSTEM_ISOLINUX)
                : pattern("isolinux.bin", 0, 2048);
    }

    static void writePattern(Path file, String seed, long size) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            int chunk = 64 * 1024;
            for (long position = 0; position < size; position += chunk) {
                out.write(pattern(seed, position, (int) Math.min(chunk, size - position)));
            }
        }
    }

    private static String stripSlash(String isoPath) {
        return isoPath.startsWith("/") ? isoPath.substring(1) : isoPath;
    }

    static void deleteTree(Path tree) {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + tree, e);
        }
    }
}

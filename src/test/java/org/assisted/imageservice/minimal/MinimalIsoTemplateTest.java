package org.assisted.imageservice.minimal;

import static org.assisted.imageservice.minimal.MinimalIsoTemplateOracle.assertKargsAreas;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.assisted.imageservice.coreos.EmbedArea;
import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.iso.write.IsoWriterPlan;
import org.assisted.imageservice.iso.write.IsoWriterTestSupport;
import org.assisted.imageservice.testsupport.OracleTest;
import org.assisted.imageservice.testsupport.TestIsos;
import org.assisted.imageservice.testsupport.XorrisoReports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates built from xorriso-made RHCOS-like ISOs, read back with xorriso. */
@OracleTest
class MinimalIsoTemplateTest {

    static final String VOLUME = "rhcos-418.94.202501221327-0";
    static final String BASE_URL = "https://images.example.com/api/assisted-images";
    static final long ROOTFS_BYTES = 3L << 20;
    static final String KARGS_EDITED = "mitigations=auto,nosmt ignition.firstboot ignition.platform.id=metal";
    static final String RAMDISK = "/images/assisted_installer_custom.img";
    static final String NMSTATE = "/images/nmstate.img";

    @TempDir
    Path dir;

    static String rootfsUrl(String arch) throws MinimalIsoException {
        return MinimalIsoRootfsUrl.build(BASE_URL, arch, "418.94.202501221327-0");
    }

    static Path template(Path base, MinimalIsoTemplateInputs inputs, Path target) throws Exception {
        IsoWriterPlan plan = MinimalIsoTemplate.plan(IsoLayout.read(base), inputs);
        MinimalIsoTemplate.write(plan, target);
        assertEquals(plan.size(), Files.size(target));
        return target;
    }

    private Path nmstateArchive() throws IOException {
        return Files.write(dir.resolve("nmstatectl-418-x86_64"), TestIsos.pattern("nmstate", 0, 70_000));
    }

    @Test
    void x86HybridTemplateKeepsEverythingButRootfsAndBootsLikeTheBase() throws Exception {
        Path base = TestIsos.x86_64(VOLUME).isohybrid(true).rootfsSize(ROOTFS_BYTES).buildWithXorriso(dir);
        Path nmstate = nmstateArchive();
        String url = rootfsUrl("x86_64");
        Path iso = template(base, new MinimalIsoTemplateInputs(url, "x86_64", Optional.of(nmstate)),
                dir.resolve("minimal.iso"));

        Path baseTree = MinimalIsoTemplateOracle.extractAll(base, dir.resolve("base-tree"));
        Path tree = MinimalIsoTemplateOracle.extractAll(iso, dir.resolve("tree"));
        Set<String> changed = assertFileSetAndContents(base, iso, baseTree, tree, true);
        assertArrayEquals(Files.readAllBytes(nmstate), Files.readAllBytes(tree.resolve(NMSTATE.substring(1))));
        assertEquals(Set.of("/EFI/redhat/grub.cfg", "/isolinux/isolinux.cfg", "/coreos/kargs.json", RAMDISK, NMSTATE),
                changed);

        String grub = Files.readString(tree.resolve("EFI/redhat/grub.cfg"));
        assertTrue(grub.contains("\n\tlinux /images/pxeboot/vmlinuz " + KARGS_EDITED + " coreos.live.rootfs_url=\""
                + url + "\"\n#"), grub);
        assertTrue(grub.contains("\n\tinitrd /images/pxeboot/initrd.img /images/ignition.img " + RAMDISK + " "
                + NMSTATE + "\n"), grub);
        String isolinux = Files.readString(tree.resolve("isolinux/isolinux.cfg"));
        assertTrue(isolinux.contains("\n  append initrd=/images/pxeboot/initrd.img,/images/ignition.img," + RAMDISK
                + "," + NMSTATE + " " + KARGS_EDITED + " coreos.live.rootfs_url=\"" + url + "\"\n#"), isolinux);
        assertKargsMoveWithTheirFiles(baseTree, tree);

        assertEquals(MinimalIsoTemplateOracle.pvdInfo(base), MinimalIsoTemplateOracle.pvdInfo(iso));
        assertTrue(MinimalIsoTemplateOracle.pvdInfo(iso).contains("Volume Id    : " + VOLUME), "volume id verbatim");
        assertSameAttributes(base, iso, changed);
        assertBothElToritoEntries(iso, tree);
        assertHybridPartitionsFollowTheLayout(iso);
        assertIgnitionAreaStillFound(iso);
        long expected = Files.size(base) - ROOTFS_BYTES + MinimalIsoTemplate.RAMDISK_BYTES + Files.size(nmstate);
        assertTrue(Math.abs(Files.size(iso) - expected) <= (1 << 20) + 64 * 2048,
                "size " + Files.size(iso) + " near " + expected);
    }

    /** Compares the xorriso file lists and contents; returns the files whose content differs or that are new. */
    static Set<String> assertFileSetAndContents(Path base, Path iso, Path baseTree, Path tree, boolean nmstate)
            throws IOException {
        Map<String, XorrisoReports.FileLba> baseFiles = XorrisoReports.fileLbas(base, false);
        Map<String, XorrisoReports.FileLba> files = XorrisoReports.fileLbas(iso, false);
        Set<String> expected = new HashSet<>(baseFiles.keySet());
        assertTrue(expected.remove("/images/pxeboot/rootfs.img"), "base has rootfs.img");
        expected.add(RAMDISK);
        if (nmstate) {
            expected.add(NMSTATE);
        }
        assertEquals(expected, files.keySet());
        assertArrayEquals(new byte[MinimalIsoTemplate.RAMDISK_BYTES],
                Files.readAllBytes(tree.resolve(RAMDISK.substring(1))));
        Set<String> changed = new HashSet<>();
        for (String path : files.keySet()) {
            byte[] content = Files.readAllBytes(tree.resolve(path.substring(1)));
            Path before = baseTree.resolve(path.substring(1));
            if (!Files.exists(before) || !Arrays.equals(withoutBootInfoTable(Files.readAllBytes(before)),
                    withoutBootInfoTable(content))) {
                changed.add(path);
            }
        }
        return changed;
    }

    /** Boot images are compared without bytes 8–63, where the boot info table holds their new sector. */
    private static byte[] withoutBootInfoTable(byte[] content) {
        byte[] copy = content.clone();
        Arrays.fill(copy, 8, Math.min(64, copy.length), (byte) 0);
        return copy;
    }

    /** The areas hold the default kargs where kargs.json says, in base and template, followed by the same marker. */
    static void assertKargsMoveWithTheirFiles(Path baseTree, Path tree) throws IOException {
        Map<String, Integer> before = assertKargsAreas(baseTree);
        Map<String, Integer> after = assertKargsAreas(tree);
        assertEquals(before.keySet(), after.keySet());
        for (Map.Entry<String, Integer> file : after.entrySet()) {
            String marker = MinimalIsoTemplateOracle.afterArea(baseTree, file.getKey(), before.get(file.getKey()));
            assertTrue(marker.endsWith(" COREOS_KARG_EMBED_AREA\n") || marker.equals("\n"), marker);
            assertEquals(MinimalIsoTemplateOracle.afterArea(baseTree, file.getKey(), before.get(file.getKey())),
                    MinimalIsoTemplateOracle.afterArea(tree, file.getKey(), file.getValue()), file.getKey());
        }
    }

    static void assertSameAttributes(Path base, Path iso, Set<String> changed) throws IOException {
        Map<String, String> expected = MinimalIsoTemplateOracle.attributes(base);
        Map<String, String> actual = MinimalIsoTemplateOracle.attributes(iso);
        String rootfs = expected.remove("/images/pxeboot/rootfs.img");
        assertTrue(expected.size() > 10, expected.toString());
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), actual.get(entry.getKey()), entry.getKey());
        }
        assertEquals(rootfs, actual.get(RAMDISK), "new files get rootfs.img's attributes");
        assertTrue(actual.keySet().containsAll(changed));
    }

    private static void assertBothElToritoEntries(Path iso, Path tree) throws IOException {
        List<XorrisoReports.BootImage> images = XorrisoReports.bootImages(iso);
        Map<String, XorrisoReports.FileLba> files = XorrisoReports.fileLbas(iso, false);
        long isolinux = files.get("/isolinux/isolinux.bin").sector();
        long efiboot = files.get("/images/efiboot.img").sector();
        assertEquals(List.of(new XorrisoReports.BootImage("BIOS", true, "none", 0, 0, 4, isolinux),
                new XorrisoReports.BootImage("UEFI", true, "none", 0, 0, 24, efiboot)),
                images);
        String report = MinimalIsoTemplateOracle.elToritoReport(iso);
        assertTrue(report.matches("(?s).*El Torito img opts :\\s+1\\s+boot-info-table.*"), report);
        assertEquals(Optional.of("/isolinux/boot.cat"), MinimalIsoTemplateOracle.catalogPath(iso));
        byte[] bootImage = Files.readAllBytes(tree.resolve("isolinux/isolinux.bin"));
        MinimalIsoTemplateOracle.assertBootInfoTable(bootImage, isolinux);
    }

    private static void assertHybridPartitionsFollowTheLayout(Path iso) throws IOException {
        String report = MinimalIsoTemplateOracle.systemAreaReport(iso);
        long blocks = Files.size(iso) / 512;
        long efiboot = XorrisoReports.fileLbas(iso, false).get("/images/efiboot.img").sector() * 4;
        assertTrue(report.contains("System area summary: MBR isohybrid cyl-align-on GPT"), report);
        assertTrue(report.contains("ISO image size/512 : " + blocks + "\n"), report);
        assertTrue(report.matches("(?s).*MBR partition      :   1   0x80  0x00 +0 +" + blocks + "\n.*"), report);
        assertTrue(report.matches("(?s).*MBR partition      :   2   0x00  0xef +" + efiboot + " +24\n.*"), report);
        assertTrue(report.contains("MBR partition path :   2  /images/efiboot.img"), report);
        assertTrue(report.matches("(?s).*GPT lba range      : +64 +" + (blocks - 64) + " +" + (blocks - 1) + "\n.*"),
                report);
        assertTrue(report.contains("GPT partition path :   2  /images/efiboot.img"), report);
    }

    private static void assertIgnitionAreaStillFound(Path iso) throws IOException {
        IsoLayout layout = IsoLayout.read(iso);
        EmbedArea area = layout.ignitionArea().orElseThrow();
        XorrisoReports.FileLba ignition = XorrisoReports.fileLbas(iso, false).get("/images/ignition.img");
        assertEquals(ignition.sector() * 2048, area.offset());
        assertEquals(TestIsos.IGNITION_AREA_BYTES, area.length());
        assertEquals(2, layout.kargsAreas().areas().size(), "kargs areas found by the reader");
    }

    @Test
    void templatesAreByteIdenticalAcrossBuildsAndBaseCopies() throws Exception {
        Path base = TestIsos.x86_64(VOLUME).isohybrid(true).buildWithXorriso(dir);
        Path nmstate = nmstateArchive();
        MinimalIsoTemplateInputs inputs =
                new MinimalIsoTemplateInputs(rootfsUrl("x86_64"), "x86_64", Optional.of(nmstate));
        Path first = template(base, inputs, dir.resolve("first.iso"));
        Path second = template(base, inputs, dir.resolve("second.iso"));

        Path copies = Files.createDirectories(dir.resolve("copies"));
        Path baseCopy = Files.copy(base, copies.resolve("other-name.iso"));
        Files.setLastModifiedTime(baseCopy, FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
        Path nmstateCopy = Files.copy(nmstate, copies.resolve("nmstate-copy"));
        Files.setLastModifiedTime(nmstateCopy, FileTime.from(Instant.parse("2011-02-03T04:05:06Z")));
        Path third = template(baseCopy, new MinimalIsoTemplateInputs(inputs.rootfsUrl(), "x86_64",
                Optional.of(nmstateCopy)), dir.resolve("third.iso"));

        String digest = IsoWriterTestSupport.sha256(first);
        assertEquals(digest, IsoWriterTestSupport.sha256(second));
        assertEquals(digest, IsoWriterTestSupport.sha256(third));
        String otherUrl = MinimalIsoRootfsUrl.build("https://other.example.com", "x86_64", "418.94.202501221327-0");
        Path other = template(base, new MinimalIsoTemplateInputs(otherUrl, "x86_64", Optional.of(nmstate)),
                dir.resolve("other.iso"));
        assertFalse(digest.equals(IsoWriterTestSupport.sha256(other)), "the base URL is part of the template");
    }

    @Test
    void aarch64TemplateKeepsTheEfiOnlyCatalogAtBootCatalog() throws Exception {
        Path base = TestIsos.aarch64(VOLUME).buildWithXorriso(dir);
        String url = rootfsUrl("aarch64");
        Path iso = template(base, new MinimalIsoTemplateInputs(url, "aarch64", Optional.empty()),
                dir.resolve("arm.iso"));

        Path baseTree = MinimalIsoTemplateOracle.extractAll(base, dir.resolve("base-tree"));
        Path tree = MinimalIsoTemplateOracle.extractAll(iso, dir.resolve("tree"));
        assertEquals(Set.of("/EFI/redhat/grub.cfg", "/isolinux/isolinux.cfg", "/coreos/kargs.json", RAMDISK),
                assertFileSetAndContents(base, iso, baseTree, tree, false));
        assertFalse(Files.exists(tree.resolve("isolinux/isolinux.bin")));
        String grub = Files.readString(tree.resolve("EFI/redhat/grub.cfg"));
        assertTrue(grub.contains("\n\tlinux /images/pxeboot/vmlinuz " + KARGS_EDITED + " coreos.live.rootfs_url=\""
                + url + "\"\n#"), grub);
        assertTrue(grub.contains("\n\tinitrd /images/pxeboot/initrd.img /images/ignition.img " + RAMDISK + "\n"), grub);
        assertKargsMoveWithTheirFiles(baseTree, tree);
        assertSameAttributes(base, iso, Set.of());

        long efiboot = XorrisoReports.fileLbas(iso, false).get("/images/efiboot.img").sector();
        assertEquals(List.of(new XorrisoReports.BootImage("UEFI", true, "none", 0, 0, 24, efiboot)),
                XorrisoReports.bootImages(iso));
        assertEquals(Optional.of("/boot.catalog"), MinimalIsoTemplateOracle.catalogPath(iso));
        assertTrue(MinimalIsoTemplateOracle.systemAreaReport(iso).contains("No System Area was loaded"),
                "no MBR/GPT made up for a base without one");
        assertEquals(MinimalIsoTemplateOracle.pvdInfo(base), MinimalIsoTemplateOracle.pvdInfo(iso));
    }

    @Test
    void ppc64leTemplateHasNoElToritoAndEditsOnlyGrub() throws Exception {
        Path base = TestIsos.ppc64le(VOLUME).buildWithXorriso(dir);
        String url = rootfsUrl("ppc64le");
        Path nmstate = nmstateArchive();
        Path iso = template(base, new MinimalIsoTemplateInputs(url, "ppc64le", Optional.of(nmstate)),
                dir.resolve("ppc.iso"));

        Path baseTree = MinimalIsoTemplateOracle.extractAll(base, dir.resolve("base-tree"));
        Path tree = MinimalIsoTemplateOracle.extractAll(iso, dir.resolve("tree"));
        assertEquals(Set.of("/boot/grub/grub.cfg", "/coreos/kargs.json", RAMDISK, NMSTATE),
                assertFileSetAndContents(base, iso, baseTree, tree, true));
        String grub = Files.readString(tree.resolve("boot/grub/grub.cfg"));
        assertTrue(grub.contains("\n\tinitrd /images/pxeboot/initrd.img /images/ignition.img " + RAMDISK + " "
                + NMSTATE + "\n"), grub);
        assertKargsMoveWithTheirFiles(baseTree, tree);
        assertEquals(List.of(), XorrisoReports.bootImages(iso));
        assertFalse(MinimalIsoTemplateOracle.elToritoReport(iso).contains("El Torito catalog"));
        assertTrue(IsoLayout.read(iso).ignitionArea().isPresent());
    }
}

package org.assisted.imageservice.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assisted.imageservice.coreos.EmbedArea;
import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.coreos.KargsAreas;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java sample ISO of the local demo, read back by xorriso (the independent reader) and by the service. */
class JavaIsoWriterTest {

    private static final String VOLUME_ID = "rhcos-418.94.202501221327-0";
    private static final TestIsos SPEC = TestIsos.x86_64(VOLUME_ID).kernelSize(300_000).rootfsSize(1_100_000);
    /** Where isolinux.bin differs from its source: the 56-byte boot info table at offset 8. */
    private static final int BOOT_INFO_TABLE_END = 64;
    private static final Set<String> EXPECTED_FILES = Set.of("EFI/redhat/grub.cfg", "coreos/igninfo.json",
            "coreos/kargs.json", "images/efiboot.img", "images/ignition.img", "images/pxeboot/initrd.img",
            "images/pxeboot/rootfs.img", "images/pxeboot/vmlinuz", "isolinux/boot.cat", "isolinux/isolinux.bin",
            "isolinux/isolinux.cfg");
    private static final Pattern BOOT_IMAGE = Pattern.compile("El Torito boot img :\\s*\\d+\\s+(\\S+)\\s+y\\s+none");

    @TempDir
    static Path dir;
    static Path iso;

    @BeforeAll
    static void writeIso() throws IOException {
        TestIsos.requireXorriso();
        iso = SPEC.writeTo(dir.resolve("sample.iso"));
    }

    @OracleTest
    @Test
    void xorrisoExtractsEveryFileOfTheSharedTreeUnchanged() throws IOException {
        Path expected = Files.createDirectory(dir.resolve("expected"));
        TestIsoTree.write(SPEC, expected);
        Path extracted = dir.resolve("extracted");
        ExternalTools.output(List.of("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", "/",
                extracted.toString()));

        Map<String, Path> files = files(extracted);
        assertEquals(EXPECTED_FILES, files.keySet());
        for (Map.Entry<String, Path> file : files.entrySet()) {
            byte[] actual = Files.readAllBytes(file.getValue());
            switch (file.getKey()) {
                case "isolinux/boot.cat" -> assertEquals(2048, actual.length);
                case "isolinux/isolinux.bin" -> {
                    byte[] source = Files.readAllBytes(expected.resolve(file.getKey()));
                    assertArrayEquals(Arrays.copyOfRange(source, BOOT_INFO_TABLE_END, source.length),
                            Arrays.copyOfRange(actual, BOOT_INFO_TABLE_END, actual.length));
                }
                default -> assertArrayEquals(Files.readAllBytes(expected.resolve(file.getKey())), actual, file.getKey());
            }
        }
        assertEquals(300_000, Files.size(files.get("images/pxeboot/vmlinuz")));
        assertEquals(TestIsos.IGNITION_AREA_BYTES, Files.size(files.get("images/ignition.img")));
    }

    @OracleTest
    @Test
    void xorrisoReportsTheVolumeIdAndBiosAndEfiBootEntries() throws IOException {
        String pvd = ExternalTools.output(List.of("xorriso", "-indev", iso.toString(), "-pvd_info"));
        assertTrue(pvd.contains("Volume Id    : " + VOLUME_ID), pvd);

        String report = ExternalTools.output(List.of("xorriso", "-indev", iso.toString(), "-report_el_torito",
                "plain"));
        Matcher images = BOOT_IMAGE.matcher(report);
        List<String> platforms = images.results().map(m -> m.group(1)).toList();
        assertEquals(List.of("BIOS", "UEFI"), platforms, report);
    }

    @Test
    void theServiceFindsTheIgnitionAreaAndBothKargsAreas() throws IOException {
        IsoLayout layout = IsoLayout.read(iso);

        assertEquals(VOLUME_ID, layout.volumeId());
        EmbedArea ignition = layout.ignitionArea().orElseThrow();
        assertEquals(TestIsos.IGNITION_AREA_BYTES, ignition.length());
        assertEquals(KargsAreas.Status.SUPPORTED, layout.kargsAreas().status(), layout.kargsAreas().reason());
        assertEquals(List.of("/EFI/redhat/grub.cfg", "/isolinux/isolinux.cfg"),
                layout.kargsAreas().areas().stream().map(EmbedArea::file).toList());
    }

    private static Map<String, Path> files(Path root) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(Files::isRegularFile).forEach(p -> files.put(root.relativize(p).toString(), p));
        }
        return files;
    }
}

package org.assisted.imageservice.coreos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.iso.IsoFormatException;
import org.assisted.imageservice.testsupport.OracleTest;
import org.assisted.imageservice.testsupport.TestIsos;
import org.assisted.imageservice.testsupport.XorrisoReports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Embed areas found in whole images, checked against xorriso's file locations and extracted contents. */
class IsoLayoutTest {

    @TempDir
    Path dir;

    @OracleTest
    @Test
    void modernX86LayoutHasWholeIgnitionImageAndBothKargsAreas() throws IOException {
        Path iso = TestIsos.x86_64("rhcos-418.94.202501221327-0").build(dir);
        IsoLayout layout = IsoLayout.read(iso);
        Map<String, XorrisoReports.FileLba> lbas = XorrisoReports.fileLbas(iso, false);
        assertEquals("rhcos-418.94.202501221327-0", layout.volumeId());
        assertEquals(Files.size(iso), layout.size());
        assertEquals(iso, layout.path());
        assertEquals(Optional.of(new EmbedArea("/images/ignition.img", lbas.get("/images/ignition.img").sector() * 2048,
                TestIsos.IGNITION_AREA_BYTES)), layout.ignitionArea());
        assertEquals(KargsAreas.Status.SUPPORTED, layout.kargsAreas().status());
        assertEquals(List.of(expectedKargsArea(iso, lbas, "/EFI/redhat/grub.cfg"),
                expectedKargsArea(iso, lbas, "/isolinux/isolinux.cfg")), layout.kargsAreas().areas());
        assertEquals(lbas.get("/images/pxeboot/rootfs.img").sector() * 2048,
                layout.file("images/pxeboot/rootfs.img").orElseThrow().offset());
    }

    @OracleTest
    @Test
    void kargsJsonOffsetsAgreeWithTheMarkerAreas() throws IOException {
        Path iso = TestIsos.x86_64("rhcos-x").build(dir);
        Path json = dir.resolve("kargs.json");
        XorrisoReports.extract(iso, "/coreos/kargs.json", json);
        String text = Files.readString(json);
        String kargs = TestIsos.defaultKargs("rhcos-x");
        IsoLayout layout = IsoLayout.read(iso);
        for (EmbedArea area : layout.kargsAreas().areas()) {
            IsoFile file = layout.file(area.file()).orElseThrow();
            long offsetInFile = area.offset() - file.offset() - kargs.length();
            assertTrue(text.contains("\"offset\": " + offsetInFile), area + " vs " + text);
        }
        assertTrue(text.contains("\"size\": " + (kargs.length() + TestIsos.KARGS_AREA_BYTES)), text);
    }

    @Test
    void fedoraLayoutUsesTheGrubConfigListedInKargsJson() throws IOException {
        Path iso = TestIsos.x86_64("fedora-coreos-38").efiVendor("fedora").build(dir);
        List<EmbedArea> areas = IsoLayout.read(iso).kargsAreas().areas();
        assertEquals(List.of("/EFI/fedora/grub.cfg", "/isolinux/isolinux.cfg"), areas.stream().map(EmbedArea::file).toList());
    }

    @OracleTest
    @Test
    void s390xIgnitionAreaLiesInsideCdbootAndKargsAreUnsupported() throws IOException {
        Path iso = TestIsos.s390x("rhcos-418-s390x").build(dir);
        IsoLayout layout = IsoLayout.read(iso);
        long cdboot = XorrisoReports.fileLbas(iso, false).get("/images/cdboot.img").sector() * 2048;
        assertEquals(Optional.of(new EmbedArea("/images/cdboot.img", cdboot + TestIsos.S390X_IGNITION_OFFSET,
                TestIsos.IGNITION_AREA_BYTES)), layout.ignitionArea());
        assertEquals(KargsAreas.Status.UNSUPPORTED, layout.kargsAreas().status());
        assertTrue(layout.kargsAreas().reason().contains("images/cdboot.img"), layout.kargsAreas().reason());
        KargsNotSupportedException e = assertThrows(KargsNotSupportedException.class, () -> layout.kargsAreas().require());
        assertEquals(layout.kargsAreas().reason(), e.reason());
        assertTrue(layout.file("/images/pxeboot/kernel.img").isPresent());
        assertTrue(layout.file("/generic.ins").isPresent());
    }

    @OracleTest
    @Test
    void legacyLayoutWithMarkersUsesDefaultFilesAndWholeIgnitionImage() throws IOException {
        Path iso = TestIsos.legacyWithMarkers("rhcos-47").build(dir);
        IsoLayout layout = IsoLayout.read(iso);
        Map<String, XorrisoReports.FileLba> lbas = XorrisoReports.fileLbas(iso, false);
        assertEquals(Optional.of(new EmbedArea("/images/ignition.img", lbas.get("/images/ignition.img").sector() * 2048,
                TestIsos.IGNITION_AREA_BYTES)), layout.ignitionArea());
        assertEquals(List.of(expectedKargsArea(iso, lbas, "/EFI/redhat/grub.cfg"),
                expectedKargsArea(iso, lbas, "/isolinux/isolinux.cfg")), layout.kargsAreas().areas());
    }

    @Test
    void layoutFrom2020HasNoKargsArea() throws IOException {
        IsoLayout layout = IsoLayout.read(TestIsos.legacy2020("rhcos-46").build(dir));
        assertEquals(KargsAreas.Status.UNSUPPORTED, layout.kargsAreas().status());
        assertEquals("/EFI/redhat/grub.cfg has no COREOS_KARG_EMBED_AREA marker", layout.kargsAreas().reason());
        assertTrue(layout.ignitionArea().isPresent());
    }

    @Test
    void emptyKargsFileListIsSupportedWithoutAreas() throws IOException {
        IsoLayout layout = IsoLayout.read(TestIsos.x86_64("v").file("coreos/kargs.json", "{\"files\": []}").build(dir));
        assertEquals(KargsAreas.Status.SUPPORTED, layout.kargsAreas().status());
        assertEquals(List.of(), layout.kargsAreas().areas());
    }

    @Test
    void malformedKargsJsonMakesKargsInvalidButTheImageUsable() throws IOException {
        IsoLayout layout = IsoLayout.read(TestIsos.x86_64("v").file("coreos/kargs.json", "{\"files\": [").build(dir));
        assertEquals(KargsAreas.Status.INVALID, layout.kargsAreas().status());
        assertThrows(IsoFormatException.class, () -> layout.kargsAreas().require());
        assertTrue(layout.ignitionArea().isPresent());
    }

    @Test
    void kargsFileListedButMissingIsUnsupported() throws IOException {
        IsoLayout layout = IsoLayout.read(TestIsos.x86_64("v").without("isolinux/isolinux.cfg").build(dir));
        assertEquals(KargsAreas.Status.UNSUPPORTED, layout.kargsAreas().status());
        assertEquals("isolinux/isolinux.cfg is not in the image", layout.kargsAreas().reason());
    }

    @Test
    void igninfoWithOffsetAndNoLengthRunsToTheEndOfTheFile() throws IOException {
        Path iso = TestIsos.x86_64("v").file("coreos/igninfo.json",
                "{\"file\": \"images/ignition.img\", \"offset\": 4096}").build(dir);
        IsoLayout layout = IsoLayout.read(iso);
        IsoFile ignition = layout.file("/images/ignition.img").orElseThrow();
        assertEquals(Optional.of(new EmbedArea("/images/ignition.img", ignition.offset() + 4096, ignition.size() - 4096)),
                layout.ignitionArea());
    }

    @Test
    void imageWithoutIgnitionFilesHasNoIgnitionArea() throws IOException {
        Path iso = TestIsos.legacy2020("v").without("images/ignition.img").build(dir);
        assertEquals(Optional.empty(), IsoLayout.read(iso).ignitionArea());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"offset\": 0}", "{\"file\": \"images/missing.img\"}",
        "{\"file\": \"images/ignition.img\", \"offset\": -1}", "{\"file\": \"images/ignition.img\", \"length\": 262145}",
        "{\"file\": \"images/ignition.img\", \"offset\": \"0\"}"})
    void badIgninfoFailsTheLayout(String igninfo) throws IOException {
        Path iso = TestIsos.x86_64("v").file("coreos/igninfo.json", igninfo).build(dir);
        IsoFormatException e = assertThrows(IsoFormatException.class, () -> IsoLayout.read(iso));
        assertTrue(e.getMessage().contains("igninfo.json") || e.getMessage().contains("ignition area"), e.getMessage());
    }

    /** The area located by searching the xorriso-extracted file, independent of the code under test. */
    private EmbedArea expectedKargsArea(Path iso, Map<String, XorrisoReports.FileLba> lbas, String path)
            throws IOException {
        Path extracted = Files.createTempFile(dir, "cfg-", ".cfg");
        Files.delete(extracted);
        XorrisoReports.extract(iso, path, extracted);
        String content = new String(Files.readAllBytes(extracted), StandardCharsets.ISO_8859_1);
        int start = content.indexOf("\n" + "#".repeat(TestIsos.KARGS_AREA_BYTES) + " COREOS_KARG_EMBED_AREA");
        assertTrue(start > 0, path + " has the marker line");
        return new EmbedArea(path, lbas.get(path).sector() * 2048 + start, TestIsos.KARGS_AREA_BYTES);
    }
}

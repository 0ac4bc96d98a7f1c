package org.assisted.imageservice.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.assisted.imageservice.iso.eltorito.BootCatalog;
import org.assisted.imageservice.iso.eltorito.BootEntry;
import org.assisted.imageservice.iso.eltorito.ElToritoCatalog;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.assisted.imageservice.testsupport.TestIsos;
import org.assisted.imageservice.testsupport.XorrisoReports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@OracleTest
class IsoFileSystemTest {

    static final String LONG_NAME = "n".repeat(240) + ".txt";

    @TempDir
    static Path dir;
    private static final Map<TestIsos.Layout, Path> ISOS = new HashMap<>();

    /** The RHCOS-like layouts, each with the extra files below; {@code BARE} has no RHCOS files to compare. */
    @BeforeAll
    static void buildIsos() throws IOException {
        for (TestIsos.Layout layout : TestIsos.Layout.values()) {
            if (layout == TestIsos.Layout.BARE) {
                continue;
            }
            TestIsos spec = TestIsos.x86_64("vol-" + layout.name().toLowerCase(Locale.ROOT)).layout(layout)
                    .file("extra/" + LONG_NAME, "long")
                    .file("extra/MixedCase.Name.txt", "mixed")
                    .file("extra/empty.bin", new byte[0])
                    .file("extra/a/b/c/d/deep.txt", "deep");
            ISOS.put(layout, spec.buildWithXorriso(dir));
        }
    }

    static Path iso(TestIsos.Layout layout) {
        return ISOS.get(layout);
    }

    @ParameterizedTest
    @EnumSource(value = TestIsos.Layout.class, names = "BARE", mode = EnumSource.Mode.EXCLUDE)
    void everyFileExtentMatchesXorrisoReportLba(TestIsos.Layout layout) throws IOException {
        Path iso = iso(layout);
        IsoFileSystem fs = IsoFileSystem.read(iso);
        Map<String, XorrisoReports.FileLba> expected = XorrisoReports.fileLbas(iso, false);
        assertTrue(expected.size() > 10, "xorriso lists " + expected.keySet());
        for (XorrisoReports.FileLba file : expected.values()) {
            IsoFile found = fs.find(file.path()).orElseThrow(() -> new AssertionError("missing " + file.path()));
            assertEquals(new IsoFile(file.path(), file.sector() * 2048, file.size()), found);
        }
        Set<String> ours = fs.files().stream().map(IsoFile::path).collect(Collectors.toCollection(TreeSet::new));
        Set<String> theirs = new TreeSet<>(expected.keySet());
        theirs.add(layout == TestIsos.Layout.S390X ? "/boot.catalog" : "/isolinux/boot.cat");
        assertEquals(theirs, ours, "xorriso hides only the boot catalog");
    }

    @ParameterizedTest
    @EnumSource(value = TestIsos.Layout.class, names = "BARE", mode = EnumSource.Mode.EXCLUDE)
    void filesAreSortedByPathAndCatalogFileIsTheBootCatalog(TestIsos.Layout layout) throws IOException {
        IsoFileSystem fs = IsoFileSystem.read(iso(layout));
        List<String> paths = fs.files().stream().map(IsoFile::path).toList();
        assertEquals(paths.stream().sorted().toList(), paths);
        String catalogPath = layout == TestIsos.Layout.S390X ? "/boot.catalog" : "/isolinux/boot.cat";
        assertEquals(XorrisoReports.catalogSector(iso(layout)) * 2048, fs.find(catalogPath).orElseThrow().offset());
    }

    @Test
    void readsVolumeIdAndRockRidgeNamesAndModes() throws IOException {
        IsoFileSystem fs = IsoFileSystem.read(iso(TestIsos.Layout.X86_64));
        assertEquals("vol-x86_64", fs.volumeId());
        assertEquals(4, fs.find("/extra/" + LONG_NAME).orElseThrow().size());
        assertEquals(5, fs.find("extra/MixedCase.Name.txt").orElseThrow().size());
        assertEquals(0, fs.find("/extra/empty.bin").orElseThrow().size());
        assertEquals(4, fs.find("/extra/a/b/c/d/deep.txt").orElseThrow().size());
        IsoEntry directory = fs.entry("/extra/a").orElseThrow();
        assertTrue(directory.directory());
        assertEquals(0040000, directory.mode().orElseThrow() & 0170000);
        assertEquals(0100000, fs.entry("/coreos/kargs.json").orElseThrow().mode().orElseThrow() & 0170000);
        assertFalse(fs.find("/extra/a").isPresent(), "find() returns regular files only");
        assertFalse(fs.find("/extra/missing.txt").isPresent());
    }

    @ParameterizedTest
    @EnumSource(value = TestIsos.Layout.class, names = "BARE", mode = EnumSource.Mode.EXCLUDE)
    void plainIso9660NamesResolveCaseInsensitivelyToTheSameExtent(TestIsos.Layout layout) throws IOException {
        Path iso = iso(layout);
        IsoFileSystem fs = IsoFileSystem.read(iso);
        Map<String, XorrisoReports.FileLba> plain = XorrisoReports.fileLbas(iso, true);
        assertTrue(plain.containsKey("/COREOS/IGNINFO.JSO") || layout != TestIsos.Layout.X86_64, plain.keySet().toString());
        for (XorrisoReports.FileLba file : plain.values()) {
            for (String query : List.of(file.path(), file.path().toLowerCase(Locale.ROOT), file.path() + ";1",
                    file.path().substring(1))) {
                IsoFile found = fs.find(query).orElseThrow(() -> new AssertionError("no match for " + query));
                assertEquals(file.sector() * 2048, found.offset(), query);
                assertEquals(file.size(), found.size(), query);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "/COREOS/IGNINFO.JSO, /coreos/igninfo.json",
        "coreos/kargs.jso;1, /coreos/kargs.json",
        "/Images/Ignition.Img, /images/ignition.img",
        "/images/ignition.img, /images/ignition.img",
    })
    void fallbackLookupReturnsTheRockRidgePath(String query, String rockRidgePath) throws IOException {
        IsoFileSystem fs = IsoFileSystem.read(iso(TestIsos.Layout.X86_64));
        assertEquals(rockRidgePath, fs.find(query).orElseThrow().path());
    }

    @Test
    void bootCatalogMatchesXorrisoElToritoReportForBiosAndEfi() throws IOException {
        assertBootCatalogMatchesXorriso(iso(TestIsos.Layout.X86_64), List.of(0x00, 0xEF));
    }

    @Test
    void bootCatalogMatchesXorrisoElToritoReportForS390x() throws IOException {
        assertBootCatalogMatchesXorriso(iso(TestIsos.Layout.S390X), List.of(0x00));
    }

    private static void assertBootCatalogMatchesXorriso(Path iso, List<Integer> platforms) throws IOException {
        long catalogSector = IsoFileSystem.read(iso).bootCatalogSector().orElseThrow();
        BootCatalog catalog;
        try (FileChannel channel = FileChannel.open(iso)) {
            catalog = ElToritoCatalog.read(new ImageReader(channel), catalogSector);
        }
        List<XorrisoReports.BootImage> expected = XorrisoReports.bootImages(iso);
        assertEquals(XorrisoReports.catalogSector(iso), catalog.sector());
        assertEquals(expected.size(), catalog.entries().size());
        for (int i = 0; i < expected.size(); i++) {
            XorrisoReports.BootImage image = expected.get(i);
            BootEntry entry = catalog.entries().get(i);
            assertEquals(platforms.get(i), entry.platformId());
            assertEquals(image.platform().equals("UEFI") ? 0xEF : 0x00, entry.platformId());
            assertEquals(image.bootable(), entry.bootable());
            assertEquals("none", image.emulation());
            assertEquals(0, entry.mediaType());
            assertEquals(image.loadSegment(), entry.loadSegment());
            assertEquals(image.systemType(), entry.systemType());
            assertEquals(image.loadSize(), entry.sectorCount());
            assertEquals(image.sector(), entry.imageSector());
            assertEquals(image.sector() * 2048, entry.imageOffset());
        }
    }

    @Test
    void isoWithoutRockRidgeUsesPlainNames() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("plain-tree/Docs"));
        Files.writeString(tree.resolve("readme.txt"), "hello");
        Path iso = dir.resolve("plain.iso");
        ExternalTools.output(List.of("xorriso", "-rockridge", "off", "-outdev", iso.toString(), "-volid", "PLAIN",
                "-map", dir.resolve("plain-tree").toString(), "/"));
        IsoFileSystem fs = IsoFileSystem.read(iso);
        assertEquals("PLAIN", fs.volumeId());
        assertEquals(List.of("/DOCS/README.TXT"), fs.files().stream().map(IsoFile::path).toList());
        assertEquals(5, fs.find("/docs/readme.txt").orElseThrow().size());
        assertTrue(fs.bootCatalogSector().isEmpty());
        assertTrue(fs.entry("/DOCS").orElseThrow().mode().isEmpty());
    }
}

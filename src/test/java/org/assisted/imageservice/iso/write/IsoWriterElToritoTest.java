package org.assisted.imageservice.iso.write;

import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.DIR;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.FILE;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.bytes;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.request;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.write;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.xorriso;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import org.assisted.imageservice.iso.eltorito.ElToritoBoot;
import org.assisted.imageservice.iso.eltorito.ElToritoEntry;
import org.assisted.imageservice.testsupport.OracleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsoWriterElToritoTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final int EFI_BYTES = 8_184_422;

    @TempDir
    Path dir;

    private Path bootSource() throws Exception {
        byte[] image = new byte[38_912];
        new Random(7).nextBytes(image);
        Path source = dir.resolve("isolinux.bin");
        Files.write(source, image);
        return source;
    }

    private IsoTree biosAndEfiTree(Path isolinux, Path efiboot) throws Exception {
        IsoTree tree = new IsoTree(DIR);
        tree.addDirectory("isolinux", DIR);
        tree.addDirectory("images", DIR);
        tree.addFile("isolinux/isolinux.bin", IsoTreeContent.extent(isolinux, 0, Files.size(isolinux)), FILE);
        tree.addFile("isolinux/boot.cat", IsoTreeContent.bytes(new byte[0]), FILE);
        tree.addFile("isolinux/isolinux.cfg", IsoTreeContent.bytes(bytes("default linux\n")), FILE);
        tree.addFile("images/efiboot.img", IsoTreeContent.extent(efiboot, 0, Files.size(efiboot)), FILE);
        return tree;
    }

    private static ElToritoBoot biosAndEfi(long efiSize) {
        return ElToritoBoot.visible("isolinux/boot.cat", List.of(
                ElToritoEntry.noEmulation(ElToritoEntry.PLATFORM_X86, "isolinux/isolinux.bin",
                        ElToritoEntry.ISOLINUX_LOAD_SECTORS, true),
                ElToritoEntry.noEmulation(ElToritoEntry.PLATFORM_EFI, "images/efiboot.img",
                        ElToritoEntry.efiLoadSectors(efiSize), false)));
    }

    @OracleTest
    @Test
    void biosAndEfiCatalogIsReportedByXorrisoWithVisibleCatalogAndBootInfoTable() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Path isolinux = bootSource();
            byte[] original = Files.readAllBytes(isolinux);
            Path efiboot = dir.resolve("efiboot.img");
            try (RandomAccessFile file = new RandomAccessFile(efiboot.toFile(), "rw")) {
                file.setLength(EFI_BYTES);
            }
            IsoWriterRequest request = request(biosAndEfiTree(isolinux, efiboot), "rhcos-x", Optional.of(biosAndEfi(EFI_BYTES)));
            IsoWriterPlan plan = IsoWriter.layout(request);
            Path iso = write(request, dir.resolve("boot.iso"));
            String report = xorriso(iso, "-report_el_torito", "plain");
            long biosSector = plan.file("isolinux/isolinux.bin").orElseThrow().offset() / 2048;
            long efiSector = plan.file("images/efiboot.img").orElseThrow().offset() / 2048;
            assertTrue(report.contains("El Torito cat path : /isolinux/boot.cat"), report);
            assertTrue(Pattern.compile("boot img :\\s+1\\s+BIOS\\s+y\\s+none\\s+0x0000\\s+0x00\\s+4\\s+" + biosSector + "\n")
                    .matcher(report).find(), report);
            assertTrue(Pattern.compile("boot img :\\s+2\\s+UEFI\\s+y\\s+none\\s+0x0000\\s+0x00\\s+15988\\s+" + efiSector + "\n")
                    .matcher(report).find(), report);
            assertTrue(report.contains("El Torito img path :   1  /isolinux/isolinux.bin"), report);
            assertTrue(report.contains("El Torito img opts :   1  boot-info-table"), report);
            assertTrue(report.contains("El Torito img path :   2  /images/efiboot.img"), report);
            assertArrayEquals(original, Files.readAllBytes(isolinux), "source boot image left untouched");
            assertBootInfoTable(iso, biosSector, original);
        });
    }

    /** The table as the El Torito boot-info-table convention defines it, computed here independently. */
    private static void assertBootInfoTable(Path iso, long sector, byte[] original) throws Exception {
        byte[] written = new byte[original.length];
        try (RandomAccessFile file = new RandomAccessFile(iso.toFile(), "r")) {
            file.seek(sector * 2048);
            file.readFully(written);
        }
        ByteBuffer table = ByteBuffer.wrap(written).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer words = ByteBuffer.wrap(original, 64, original.length - 64).order(ByteOrder.LITTLE_ENDIAN);
        int sum = 0;
        while (words.hasRemaining()) {
            sum += words.getInt();
        }
        assertEquals(16, table.getInt(8));
        assertEquals(sector, table.getInt(12));
        assertEquals(original.length, table.getInt(16));
        assertEquals(sum, table.getInt(20));
        assertArrayEquals(new byte[40], Arrays.copyOfRange(written, 24, 64));
        assertArrayEquals(Arrays.copyOfRange(original, 64, original.length), Arrays.copyOfRange(written, 64, original.length));
    }

    @OracleTest
    @Test
    void efiOnlyImageHasAHiddenCatalog() {
        assertTimeoutPreemptively(LIMIT, () -> {
            IsoTree tree = new IsoTree(DIR);
            tree.addDirectory("images", DIR);
            tree.addFile("images/efiboot.img", IsoTreeContent.bytes(new byte[5000]), FILE);
            ElToritoBoot boot = ElToritoBoot.hidden(List.of(ElToritoEntry.noEmulation(ElToritoEntry.PLATFORM_EFI,
                    "images/efiboot.img", ElToritoEntry.efiLoadSectors(5000), false)));
            Path iso = write(request(tree, "rhcos-aarch64", Optional.of(boot)), dir.resolve("efi.iso"));
            String report = xorriso(iso, "-report_el_torito", "plain");
            assertTrue(Pattern.compile("boot img :\\s+1\\s+UEFI\\s+y\\s+none\\s+0x0000\\s+0x00\\s+12\\s").matcher(report).find(),
                    report);
            assertFalse(report.contains("cat path"), report);
            assertFalse(xorriso(iso, "-find", "/", "-type", "f").contains("catalog"));
        });
    }

    @OracleTest
    @Test
    void efiImageOf64MibGetsLoadSizeZeroLikeXorriso() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Path efiboot = dir.resolve("efiboot.img");
            try (RandomAccessFile file = new RandomAccessFile(efiboot.toFile(), "rw")) {
                file.setLength(64L << 20);
            }
            IsoTree tree = biosAndEfiTree(bootSource(), efiboot);
            Path iso = write(request(tree, "rhcos-x", Optional.of(biosAndEfi(64L << 20))), dir.resolve("big.iso"));
            String report = xorriso(iso, "-report_el_torito", "plain");
            assertTrue(Pattern.compile("boot img :\\s+2\\s+UEFI\\s+y\\s+none\\s+0x0000\\s+0x00\\s+0\\s").matcher(report).find(),
                    report);
        });
    }

    @Test
    void loadSizesFollowUpstreamVectorsAndXorrisoCaps() {
        assertEquals(15988, ElToritoEntry.efiLoadSectors(8_184_422));
        assertEquals(65532, ElToritoEntry.efiLoadSectors(16383L * 2048));
        assertEquals(0, ElToritoEntry.efiLoadSectors(32L << 20));
        assertEquals(2048, ElToritoEntry.fullImageLoadSectors((1L << 20) - 512));
        assertEquals(65535, ElToritoEntry.fullImageLoadSectors(64L << 20));
        assertEquals(4, ElToritoEntry.fullImageLoadSectors(1));
    }

    @Test
    void missingBootImageOrCatalogFileIsRejected() {
        IsoTree tree = new IsoTree(DIR);
        ElToritoBoot boot = ElToritoBoot.visible("isolinux/boot.cat", List.of(ElToritoEntry.noEmulation(0, "x.bin", 4, false)));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> IsoWriter.layout(request(tree, "v", Optional.of(boot))));
        assertTrue(error.getMessage().contains("isolinux/boot.cat"), error.getMessage());
    }
}

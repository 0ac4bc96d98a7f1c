package org.assisted.imageservice.iso.write;

import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.DATES;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.DIR;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.FILE;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.write;
import static org.assisted.imageservice.iso.write.IsoWriterTestSupport.xorriso;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;

import org.assisted.imageservice.iso.eltorito.ElToritoBoot;
import org.assisted.imageservice.iso.eltorito.ElToritoEntry;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-masters an xorriso-made isohybrid image without its large file and checks the rewritten MBR/GPT. */
@OracleTest
class IsoWriterHybridTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final Path ISOHDPFX = Path.of("/usr/lib/ISOLINUX/isohdpfx.bin");
    private static final int ISOHYBRID_MAGIC = 0x7078a0fb;

    @TempDir
    Path dir;

    private Path makeBase() throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("isolinux"));
        Files.createDirectories(tree.resolve("images/pxeboot"));
        byte[] isolinux = new byte[4096];
        ByteBuffer.wrap(isolinux).order(ByteOrder.LITTLE_ENDIAN).putInt(64, ISOHYBRID_MAGIC);
        Files.write(tree.resolve("isolinux/isolinux.bin"), isolinux);
        Files.writeString(tree.resolve("isolinux/isolinux.cfg"), "default linux\n");
        Files.write(tree.resolve("images/efiboot.img"), random(1_000_000, 1));
        Files.write(tree.resolve("images/pxeboot/rootfs.img"), random(3_000_000, 2));
        Path mbr = ISOHDPFX;
        if (!Files.exists(mbr)) {
            mbr = Files.write(dir.resolve("mbr.bin"), new byte[512]);
        }
        Path base = dir.resolve("base.iso");
        ExternalTools.output("xorriso", "-as", "mkisofs", "-o", base.toString(), "-V", "rhcos-x", "-R",
                "-isohybrid-mbr", mbr.toString(),
                "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot", "-boot-load-size", "4",
                "-boot-info-table", "-eltorito-alt-boot", "-e", "images/efiboot.img", "-no-emul-boot",
                "-isohybrid-gpt-basdat", tree.toString());
        return base;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static IsoWriterRequest remaster(Path base) throws Exception {
        Map<String, long[]> extents = IsoWriterTestSupport.reportLba(base);
        IsoTree tree = new IsoTree(DIR);
        tree.addDirectory("isolinux", DIR);
        tree.addDirectory("images", DIR);
        tree.addFile("isolinux/boot.cat", IsoTreeContent.bytes(new byte[0]), FILE);
        for (String path : List.of("/isolinux/isolinux.bin", "/isolinux/isolinux.cfg", "/images/efiboot.img")) {
            long[] extent = extents.get(path);
            tree.addFile(path, IsoTreeContent.extent(base, extent[0] * 2048, extent[1]), FILE);
        }
        ElToritoBoot boot = ElToritoBoot.visible("isolinux/boot.cat", List.of(
                ElToritoEntry.noEmulation(ElToritoEntry.PLATFORM_X86, "isolinux/isolinux.bin", 4, true),
                ElToritoEntry.noEmulation(ElToritoEntry.PLATFORM_EFI, "images/efiboot.img",
                        ElToritoEntry.efiLoadSectors(1_000_000), false)));
        byte[] systemArea = Arrays.copyOf(Files.readAllBytes(base), IsoWriterSystemArea.SYSTEM_AREA_BYTES);
        return new IsoWriterRequest(tree, IsoWriterVolume.of("rhcos-x"), DATES, Optional.of(boot),
                IsoWriterSystemArea.hybrid(systemArea, base, Files.size(base)));
    }

    @Test
    void rewrittenSystemAreaHasTheBaseStructureWithNewNumbers() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Path base = makeBase();
            IsoWriterRequest request = remaster(base);
            IsoWriterPlan plan = IsoWriter.layout(request);
            Path iso = write(request, dir.resolve("minimal.iso"));
            long blocks = plan.size() / 512;
            long efi = plan.file("images/efiboot.img").orElseThrow().offset() / 512;
            assertTrue(plan.size() < Files.size(base));
            assertEquals(0, plan.size() % (1 << 20), "padded to whole cylinders like the base");
            String before = systemArea(base);
            String after = systemArea(iso);
            assertEquals(shape(before), shape(after), after);
            assertTrue(after.contains("ISO image size/512 : " + blocks + "\n"), after);
            assertTrue(after.matches("(?s).*MBR partition      :   1   0x80  0x00 +0 +" + blocks + "\n.*"), after);
            assertTrue(after.matches("(?s).*MBR partition      :   2   0x00  0xef +" + efi + " +1954\n.*"), after);
            assertTrue(after.contains("MBR partition path :   2  /images/efiboot.img"), after);
            assertTrue(after.matches("(?s).*GPT lba range      : +64 +" + (blocks - 64) + " +" + (blocks - 1) + "\n.*"), after);
            assertTrue(after.matches("(?s).*GPT start and size :   1  0  " + (blocks - 64) + "\n.*"), after);
            assertTrue(after.matches("(?s).*GPT start and size :   2  " + efi + "  1952\n.*"), after);
            assertTrue(after.contains("GPT partition path :   2  /images/efiboot.img"), after);
            assertGptCopiesAreValid(iso, blocks);
            assertMbrPointsAtBootImage(iso, plan.file("isolinux/isolinux.bin").orElseThrow().offset() / 512);
        });
    }

    private static String systemArea(Path iso) throws Exception {
        return xorriso(iso, "-report_system_area", "plain").lines()
                .filter(line -> line.startsWith("System area") || line.startsWith("ISO image") || line.startsWith("MBR")
                        || line.startsWith("GPT") || line.startsWith("Partition offset"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    private static List<String> shape(String report) {
        return report.lines().map(line -> line.replaceAll("\\d+", "#").replaceAll(" +", " ")).toList();
    }

    /** Primary and backup header CRCs, entry-array CRCs and cross-pointers (UEFI 2.10 §5.3.2), checked here. */
    private static void assertGptCopiesAreValid(Path iso, long blocks) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(iso.toFile(), "r")) {
            ByteBuffer primary = block(file, 1);
            ByteBuffer backup = block(file, blocks - 1);
            for (ByteBuffer header : List.of(primary, backup)) {
                assertEquals("EFI PART", new String(header.array(), 0, 8, StandardCharsets.US_ASCII));
                int size = header.getInt(12);
                byte[] copy = Arrays.copyOf(header.array(), size);
                Arrays.fill(copy, 16, 20, (byte) 0);
                assertEquals(crc(copy, 0, size), header.getInt(16), "header CRC");
                byte[] entries = new byte[header.getInt(80) * header.getInt(84)];
                file.seek(header.getLong(72) * 512);
                file.readFully(entries);
                assertEquals(crc(entries, 0, entries.length), header.getInt(88), "entries CRC");
            }
            assertEquals(blocks - 1, primary.getLong(32));
            assertEquals(blocks - 1, backup.getLong(24));
            assertEquals(1, backup.getLong(32));
        }
    }

    private static void assertMbrPointsAtBootImage(Path iso, long bootBlock) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(iso.toFile(), "r")) {
            ByteBuffer mbr = block(file, 0);
            if (mbr.getLong(432) != 0) {
                assertEquals(bootBlock, mbr.getLong(432), "isohdpfx pointer to isolinux.bin");
            }
            assertArrayEquals(new byte[] {0x55, (byte) 0xAA}, Arrays.copyOfRange(mbr.array(), 510, 512));
        }
    }

    private static ByteBuffer block(RandomAccessFile file, long block) throws Exception {
        byte[] bytes = new byte[512];
        file.seek(block * 512);
        file.readFully(bytes);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}

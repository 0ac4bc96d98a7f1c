package org.assisted.imageservice.iso;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.assisted.imageservice.coreos.EmbedArea;
import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.iso.eltorito.ElToritoCatalog;
import org.assisted.imageservice.testsupport.FuzzLoop;
import org.assisted.imageservice.testsupport.Mutator;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Corrupt and truncated images end in {@link IsoFormatException}, promptly, without other exceptions. */
class IsoFileSystemCorruptionTest {

    private static final int PVD = 16 * 2048;
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** The test image is under 1 MiB: reading its layout never needs more, whatever a corrupt field claims. */
    private static final long MAX_ALLOCATED_BYTES = 16L << 20;

    @TempDir
    static Path dir;
    static byte[] pristine;
    static int rootDir;
    static int extraRecord;
    static int extraDir;
    static int longNameRecord;
    static int longNameCe;
    static int catalog;

    @BeforeAll
    static void buildImage() throws IOException {
        Path iso = TestIsos.x86_64("corrupt-me").file("extra/" + IsoFileSystemTest.LONG_NAME, "long")
                .file("extra/other.txt", "other").build(dir);
        pristine = Files.readAllBytes(iso);
        rootDir = sector(le32(pristine, PVD + 156 + 2));
        extraRecord = recordNamed(rootDir, "EXTRA");
        extraDir = sector(le32(pristine, extraRecord + 2));
        longNameRecord = recordNamed(extraDir, "NNNNNNNN.TXT;1");
        longNameCe = indexOf(pristine, new byte[] {'C', 'E', 28, 1}, longNameRecord, longNameRecord + 255);
        catalog = sector(le32(pristine, 17 * 2048 + 71));
        assertTrue(longNameCe > 0, "the 240-byte Rock Ridge name needs a CE continuation area");
        assertDoesNotThrow(() -> readWithBootCatalog(iso));
    }

    static Stream<Arguments> corruptions() {
        return Stream.of(
                Arguments.of("standard identifier of the PVD", edit(b -> b[PVD + 1] = 'X'), "CD001"),
                Arguments.of("no terminator", edit(b -> {
                    for (int s = 16; s < 80; s++) {
                        b[s * 2048] = 1;
                        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, b, s * 2048 + 1, 5);
                    }
                }), "terminator"),
                Arguments.of("logical block size 512", edit(b -> putLe16(b, PVD + 128, 512)), "block size"),
                Arguments.of("root extent beyond the image", edit(b -> putLe32(b, PVD + 156 + 2, 0xfffffff0L)), "outside"),
                Arguments.of("root length 2 GiB", edit(b -> putLe32(b, PVD + 156 + 10, 0x7fffffffL)), "bytes"),
                Arguments.of("record length 5", edit(b -> b[extraRecord] = 5), "directory record of length 5"),
                Arguments.of("name overruns record", edit(b -> b[extraRecord + 32] = (byte) 200), "overruns"),
                Arguments.of("subdirectory pointing at the root", edit(b -> putLe32(b, extraRecord + 2, rootDir / 2048)),
                        "cyclic"),
                Arguments.of("multi-extent file", edit(b -> b[longNameRecord + 25] |= (byte) 0x80), "multi-extent"),
                Arguments.of("file extent beyond the image", edit(b -> putLe32(b, longNameRecord + 10, 0xfffffff0L)),
                        "outside"),
                Arguments.of("CE beyond the image", edit(b -> putLe32(b, longNameCe + 4, 0x00ffffffL)), "outside"),
                Arguments.of("CE pointing at itself", edit(b -> {
                    putLe32(b, longNameCe + 4, longNameCe / 2048);
                    putLe32(b, longNameCe + 12, longNameCe % 2048);
                    putLe32(b, longNameCe + 20, 28);
                }), "loop"),
                Arguments.of("CE longer than a sector", edit(b -> putLe32(b, longNameCe + 20, 100_000)), "exceeds"),
                Arguments.of("SUSP entry length 2", edit(b -> b[longNameCe + 2] = 2), "has length 2"),
                Arguments.of("El Torito key 55 AA", edit(b -> b[catalog + 30] = 0), "55 AA"),
                Arguments.of("El Torito checksum", edit(b -> b[catalog + 4] ^= 1), "checksum"),
                Arguments.of("El Torito catalog beyond image", edit(b -> putLe32(b, 17 * 2048 + 71, 0x00ffffffL)),
                        "outside"),
                Arguments.of("truncated in the descriptors", truncate(PVD + 100), "lies outside"),
                Arguments.of("truncated after the directories", truncate(catalog + 2048), "outside"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void corruptionIsReportedAsIsoFormatException(String what, UnaryOperator<byte[]> corruption, String message)
            throws IOException {
        Path iso = write(corruption.apply(pristine.clone()));
        IsoFormatException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(IsoFormatException.class, () -> readWithBootCatalog(iso)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** The file system and, when it records one, its El Torito boot catalog: what a minimal-ISO build reads. */
    private static void readWithBootCatalog(Path iso) throws IOException {
        IsoFileSystem fs = IsoFileSystem.read(iso);
        if (fs.bootCatalogSector().isPresent()) {
            try (FileChannel channel = FileChannel.open(iso)) {
                ElToritoCatalog.read(new ImageReader(channel), fs.bootCatalogSector().getAsLong());
            }
        }
    }

    /**
     * Seeded mutations of the metadata and of the files the embed-area locators parse ({@code igninfo.json},
     * {@code kargs.json}, the boot configurations): reading the layout gives a result or an IsoFormatException.
     */
    @Test
    void mutatedImagesGiveALayoutOrIsoFormatException() throws IOException {
        IsoLayout layout = IsoLayout.read(write(pristine));
        List<int[]> regions = new ArrayList<>(List.of(new int[] {PVD, 4 * 2048}, new int[] {rootDir, 2048},
                new int[] {extraDir, 2048}, new int[] {longNameCe - 64, 256}, new int[] {catalog, 128}));
        for (String file : List.of("/coreos/igninfo.json", "/coreos/kargs.json", "/EFI/redhat/grub.cfg",
                "/isolinux/isolinux.cfg")) {
            IsoFile found = layout.file(file).orElseThrow();
            regions.add(new int[] {(int) found.offset(), (int) found.size()});
        }
        Mutator mutator = new Mutator(20250101, regions);
        Path iso = dir.resolve("mutated.iso");
        FuzzLoop loop = new FuzzLoop(400, LIMIT.multipliedBy(3), Duration.ofSeconds(5), MAX_ALLOCATED_BYTES,
                List.of(IsoFormatException.class));
        FuzzLoop.Outcomes outcomes = loop.runOnMutants(pristine, mutator, 4, iso, (file, mutant) -> {
            IsoLayout mutated = IsoLayout.read(file);
            List<EmbedArea> areas = new ArrayList<>(mutated.kargsAreas().areas());
            mutated.ignitionArea().ifPresent(areas::add);
            areas.forEach(area -> assertTrue(area.offset() >= 0 && area.length() >= 0
                    && area.offset() + area.length() <= mutated.size(), area.toString()));
        });
        assertTrue(outcomes.succeeded() > 0 && outcomes.rejected() > 40, outcomes.toString());
    }

    /**
     * Regression: 50 subdirectories starting at consecutive sectors, each extending to the end of a zero-filled
     * image, are individually valid but overlap; read one by one they add up to 25 times the image. The walk
     * now stops once directories add up to more than the image, so a crafted image cannot make it read (and
     * allocate) gigabytes 16 MiB at a time.
     */
    @Test
    void overlappingDirectoriesAreRefusedBeforeTheyAddUpToMoreThanTheImage() throws IOException {
        int sectors = 51;
        byte[] image = new byte[sectors * 2048];
        int pos = 0;
        for (int child = 1; child < sectors; child++) {
            byte[] name = String.format(Locale.ROOT, "D%02d", child).getBytes(StandardCharsets.US_ASCII);
            image[pos] = 36;
            putLe32(image, pos + 2, child);
            putLe32(image, pos + 10, (sectors - child) * 2048L);
            image[pos + 25] = DirectoryTreeReader.FLAG_DIRECTORY;
            image[pos + 32] = (byte) name.length;
            System.arraycopy(name, 0, image, pos + 33, name.length);
            pos += 36;
        }
        Path file = write(image);
        try (FileChannel channel = FileChannel.open(file)) {
            IsoFormatException e = assertThrows(IsoFormatException.class,
                    () -> DirectoryTreeReader.walk(new ImageReader(channel), 0, 2048));
            assertTrue(e.getMessage().contains("overlaps others"), e.getMessage());
        }
    }

    private static UnaryOperator<byte[]> edit(java.util.function.Consumer<byte[]> change) {
        return bytes -> {
            change.accept(bytes);
            return bytes;
        };
    }

    private static UnaryOperator<byte[]> truncate(int length) {
        return bytes -> Arrays.copyOf(bytes, length);
    }

    private static Path write(byte[] image) throws IOException {
        return Files.write(Files.createTempFile(dir, "corrupt-", ".iso"), image);
    }

    private static int recordNamed(int directory, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
        for (int pos = directory; pristine[pos] != 0; pos += pristine[pos] & 0xff) {
            int nameLength = pristine[pos + 32] & 0xff;
            if (Arrays.equals(pristine, pos + 33, pos + 33 + nameLength, wanted, 0, wanted.length)) {
                return pos;
            }
        }
        throw new AssertionError("no record " + name);
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from, int to) {
        for (int i = from; i + pattern.length <= to; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private static int sector(long sector) {
        return Math.toIntExact(sector * 2048);
    }

    private static long le32(byte[] bytes, int index) {
        return ByteBuffer.wrap(bytes, index, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    }

    private static void putLe32(byte[] bytes, int index, long value) {
        ByteBuffer.wrap(bytes, index, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value);
    }

    private static void putLe16(byte[] bytes, int index, int value) {
        ByteBuffer.wrap(bytes, index, 2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value);
    }
}

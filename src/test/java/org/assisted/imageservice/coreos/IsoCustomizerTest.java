package org.assisted.imageservice.coreos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.assisted.imageservice.iso.IsoFormatException;
import org.assisted.imageservice.overlay.Overlay;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.assisted.imageservice.testsupport.TestIsos;
import org.assisted.imageservice.testsupport.XorrisoReports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlays applied to a copy of a test ISO, read back with xorriso, gzip and GNU cpio. */
class IsoCustomizerTest {

    private static final byte[] CONFIG = "{\"ignition\":{\"version\":\"3.1.0\"}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KARGS = " p1 p2\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern KARGS_APPLIED =
            Pattern.compile("ignition\\.platform\\.id=metal p1 p2\n(#+)# COREOS_KARG_EMBED_AREA\n");

    @TempDir
    Path dir;

    @OracleTest
    @Test
    void ignitionAreaGetsArchiveThenZerosAndKargsLandInBothConfigs() throws Exception {
        byte[] dirtyIgnition = new byte[TestIsos.IGNITION_AREA_BYTES];
        Arrays.fill(dirtyIgnition, (byte) 0xAA);
        Path iso = TestIsos.x86_64("rhcos-custom").file("images/ignition.img", dirtyIgnition).build(dir);
        IsoLayout layout = IsoLayout.read(iso);
        byte[] archive = IgnitionArchive.of(CONFIG, layout.ignitionArea().orElseThrow().length());
        Path served = apply(iso, IsoCustomizer.overlays(layout, archive, Optional.empty(), Optional.of(KARGS)));

        byte[] ignition = extract(served, "/images/ignition.img");
        assertEquals(TestIsos.IGNITION_AREA_BYTES, ignition.length);
        assertArrayEquals(archive, Arrays.copyOf(ignition, archive.length));
        assertTrue(allZero(ignition, archive.length, ignition.length), "rest of the area is zero-filled");
        byte[] cpio = ExternalTools.gunzip(ignition);
        assertArrayEquals(CONFIG, ExternalTools.pipe(cpio, "cpio", "-i", "--to-stdout", "--quiet", "config.ign").stdout());
        assertTrue(ExternalTools.pipe(cpio, "cpio", "-itv", "--quiet").stdoutText().matches("-rw-r--r-- .* config\\.ign\\s*"));

        for (String cfg : List.of("/EFI/redhat/grub.cfg", "/isolinux/isolinux.cfg")) {
            byte[] original = extract(iso, cfg);
            String patched = new String(extract(served, cfg), StandardCharsets.ISO_8859_1);
            assertEquals(original.length, patched.length(), cfg + " keeps its size");
            var matcher = KARGS_APPLIED.matcher(patched);
            assertTrue(matcher.find(), cfg + ":\n" + patched);
            assertEquals(TestIsos.KARGS_AREA_BYTES - KARGS.length, matcher.group(1).length(), "the # run shrinks by the kargs length");
        }
        assertEquals(Files.size(iso), Files.size(served));
    }

    @OracleTest
    @Test
    void ramdiskIsWrittenAtTheStartOfTheCustomImage() throws Exception {
        Path iso = TestIsos.x86_64("rhcos-minimal").file(RhcosPaths.RAMDISK_PATH, new byte[1 << 20]).build(dir);
        IsoLayout layout = IsoLayout.read(iso);
        byte[] ramdisk = "someramdiskcontent".getBytes(StandardCharsets.US_ASCII);
        byte[] archive = IgnitionArchive.of(CONFIG, 262144);
        Path served = apply(iso, IsoCustomizer.overlays(layout, archive, Optional.of(ramdisk), Optional.empty()));
        byte[] custom = extract(served, RhcosPaths.RAMDISK_PATH);
        assertEquals(1 << 20, custom.length);
        assertArrayEquals(ramdisk, Arrays.copyOf(custom, ramdisk.length));
        assertTrue(allZero(custom, ramdisk.length, custom.length));
        assertArrayEquals(extract(iso, "/EFI/redhat/grub.cfg"), extract(served, "/EFI/redhat/grub.cfg"),
                "no kargs requested: configs untouched");
    }

    @OracleTest
    @Test
    void s390xArchiveLandsInsideCdbootAndNothingElseChanges() throws Exception {
        Path iso = TestIsos.s390x("rhcos-s390x").build(dir);
        IsoLayout layout = IsoLayout.read(iso);
        byte[] archive = IgnitionArchive.of(CONFIG, layout.ignitionArea().orElseThrow().length());
        Path served = apply(iso, IsoCustomizer.overlays(layout, archive, Optional.empty(), Optional.empty()));
        byte[] before = extract(iso, "/images/cdboot.img");
        byte[] after = extract(served, "/images/cdboot.img");
        int start = TestIsos.S390X_IGNITION_OFFSET;
        int end = start + TestIsos.IGNITION_AREA_BYTES;
        assertArrayEquals(archive, Arrays.copyOfRange(after, start, start + archive.length));
        assertTrue(allZero(after, start + archive.length, end));
        assertArrayEquals(Arrays.copyOf(before, start), Arrays.copyOf(after, start));
        assertArrayEquals(Arrays.copyOfRange(before, end, before.length), Arrays.copyOfRange(after, end, after.length));
        assertArrayEquals(CONFIG, ExternalTools.pipe(ExternalTools.gunzip(Arrays.copyOfRange(after, start, end)),
                "cpio", "-i", "--to-stdout", "--quiet", "config.ign").stdout());
    }

    @Test
    void overlaysAreSortedContiguousOverTheIgnitionAreaAndShareTheZeroChunk() throws Exception {
        IsoLayout layout = IsoLayout.read(TestIsos.x86_64("v").build(dir));
        EmbedArea area = layout.ignitionArea().orElseThrow();
        byte[] archive = IgnitionArchive.of(CONFIG, area.length());
        List<Overlay> first = IsoCustomizer.overlays(layout, archive, Optional.empty(), Optional.empty());
        List<Overlay> second = IsoCustomizer.overlays(layout, archive, Optional.empty(), Optional.empty());
        assertEquals(area.offset(), first.get(0).offset());
        assertSame(archive, first.get(0).bytes());
        for (int i = 1; i < first.size(); i++) {
            assertEquals(first.get(i - 1).end(), first.get(i).offset(), "contiguous, non-overlapping");
        }
        assertEquals(area.offset() + area.length(), first.get(first.size() - 1).end());
        assertSame(first.get(1).bytes(), second.get(1).bytes(), "full zero chunks are shared between requests");
        Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        first.forEach(o -> arrays.add(o.bytes()));
        long allocated = arrays.stream().filter(b -> b != first.get(1).bytes()).mapToLong(b -> b.length).sum();
        assertTrue(allocated < archive.length + IsoCustomizer.ZERO_CHUNK_BYTES, "allocated " + allocated);
    }

    @Test
    void contentLargerThanItsAreaIsRejectedWithSizes() throws Exception {
        IsoLayout layout = IsoLayout.read(TestIsos.x86_64("v").file(RhcosPaths.RAMDISK_PATH, new byte[4096]).build(dir));
        byte[] archive = IgnitionArchive.of(CONFIG, 262144);

        EmbedAreaTooSmallException ignition = assertThrows(EmbedAreaTooSmallException.class,
                () -> IsoCustomizer.overlays(layout, new byte[262148], Optional.empty(), Optional.empty()));
        assertEquals(List.of(262148L, 262144L), List.of(ignition.needed(), ignition.available()));

        byte[] kargs = ("x".repeat(1024) + "\n").getBytes(StandardCharsets.US_ASCII);
        EmbedAreaTooSmallException tooManyKargs = assertThrows(EmbedAreaTooSmallException.class,
                () -> IsoCustomizer.overlays(layout, archive, Optional.empty(), Optional.of(kargs)));
        assertEquals(List.of(1025L, 1024L), List.of(tooManyKargs.needed(), tooManyKargs.available()));
        assertTrue(tooManyKargs.area().contains("grub.cfg"), tooManyKargs.area());

        EmbedAreaTooSmallException ramdisk = assertThrows(EmbedAreaTooSmallException.class,
                () -> IsoCustomizer.overlays(layout, archive, Optional.of(new byte[4097]), Optional.empty()));
        assertEquals(List.of(4097L, 4096L), List.of(ramdisk.needed(), ramdisk.available()));
    }

    @Test
    void ramdiskForAnImageWithoutTheCustomFileIsRejected() throws Exception {
        IsoLayout layout = IsoLayout.read(TestIsos.x86_64("v").build(dir));
        EmbedAreaTooSmallException e = assertThrows(EmbedAreaTooSmallException.class, () -> IsoCustomizer.overlays(
                layout, IgnitionArchive.of(CONFIG, 262144), Optional.of(new byte[1]), Optional.empty()));
        assertEquals(0, e.available());
    }

    @Test
    void kargsForImagesWithoutAKargsAreaAreNotSupported() throws Exception {
        for (TestIsos spec : List.of(TestIsos.legacy2020("old"), TestIsos.s390x("s390x"))) {
            IsoLayout layout = IsoLayout.read(spec.build(dir));
            byte[] archive = IgnitionArchive.of(CONFIG, layout.ignitionArea().orElseThrow().length());
            assertThrows(KargsNotSupportedException.class,
                    () -> IsoCustomizer.overlays(layout, archive, Optional.empty(), Optional.of(KARGS)));
            assertEquals(archive.length, IsoCustomizer.overlays(layout, archive, Optional.empty(), Optional.empty())
                    .get(0).bytes().length, "without kargs the image is still served");
        }
    }

    @Test
    void imageWithoutIgnitionAreaCannotBeCustomized() throws Exception {
        IsoLayout layout = IsoLayout.read(TestIsos.legacy2020("v").without("images/ignition.img").build(dir));
        assertThrows(IsoFormatException.class,
                () -> IsoCustomizer.overlays(layout, new byte[4], Optional.empty(), Optional.empty()));
    }

    @Test
    void zeroFillSplitsIntoSharedChunksAndOneRemainder() {
        List<Overlay> zeros = IsoCustomizer.zeros(100, 2L * IsoCustomizer.ZERO_CHUNK_BYTES + 5);
        assertEquals(List.of(100L, 100L + IsoCustomizer.ZERO_CHUNK_BYTES, 100L + 2 * IsoCustomizer.ZERO_CHUNK_BYTES),
                zeros.stream().map(Overlay::offset).toList());
        assertEquals(5, zeros.get(2).bytes().length);
        assertSame(zeros.get(0).bytes(), zeros.get(1).bytes());
        assertEquals(List.of(), IsoCustomizer.zeros(7, 0));
    }

    private Path apply(Path iso, List<Overlay> overlays) throws IOException {
        Path copy = Files.copy(iso, dir.resolve("served-" + iso.getFileName()));
        long previousEnd = 0;
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            for (Overlay overlay : overlays) {
                assertTrue(overlay.offset() >= previousEnd, "sorted and non-overlapping");
                assertTrue(overlay.end() <= Files.size(iso), "inside the image");
                channel.write(ByteBuffer.wrap(overlay.bytes()), overlay.offset());
                previousEnd = overlay.end();
            }
        }
        return copy;
    }

    private byte[] extract(Path iso, String path) throws IOException {
        Path target = dir.resolve("extract-" + System.nanoTime());
        XorrisoReports.extract(iso, path, target);
        return Files.readAllBytes(target);
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}

package org.assisted.imageservice.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverlayPlanTest {

    private static final byte[] BASE = ascii("abcdefghij");

    @TempDir
    Path dir;

    /** The table of upstream pkg/overlay/overlay_test.go: base "abcdefghij", overlay "over" or "". */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "at start,        0, 4, overefghij",
        "in middle,       3, 4, abcoverhij",
        "at end,          6, 4, abcdefover",
        "across end,      8, 4, abcdefghover",
        "beyond end,     10, 4, abcdefghijover",
        "empty at start,  0, 0, abcdefghij",
        "empty in middle, 5, 0, abcdefghij",
        "empty at end,    9, 0, abcdefghij",
        "empty over end, 10, 0, abcdefghij",
    })
    void overlaysReplaceOrAppendBaseBytes(String name, long offset, int length, String expected) throws IOException {
        Path base = write("base", BASE);
        byte[] overlay = Arrays.copyOf(ascii("overlay"), length);
        OverlayPlan plan = OverlayPlan.of(base, 0, BASE.length, List.of(new Overlay(offset, overlay)));

        assertEquals(expected.length(), plan.length());
        assertEquals(expected, copy(plan, 0, plan.length() - 1));
        assertEquals(expected.substring(3, 9), copy(plan, 3, 8), "6 bytes from offset 3");
    }

    @ParameterizedTest(name = "offset {0}, length {1}")
    @CsvSource({"11, 4", "11, 0", "100, 1"})
    void overlayPastTheEndLeavesAGapAndIsRejected(long offset, int length) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OverlayPlan.of(dir, 0, 10, List.of(new Overlay(offset, new byte[length]))));
        assertEquals("overlay at offset " + offset + " leaves a gap: the content before it ends at offset 10",
                e.getMessage());
    }

    @Test
    void overlappingOverlaysAreRejectedWithBothOffsets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OverlayPlan.of(dir, 0, 10,
                List.of(new Overlay(5, new byte[3]), new Overlay(2, new byte[4]))));
        assertEquals("overlay at offset 5 overlaps the previous overlay, which ends at offset 6", e.getMessage());
    }

    @Test
    void negativeOffsetsAndLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> OverlayPlan.of(dir, 0, 10, List.of(new Overlay(-1, new byte[1]))));
        assertThrows(IllegalArgumentException.class, () -> OverlayPlan.of(dir, -1, 10, List.of()));
        assertThrows(IllegalArgumentException.class, () -> OverlayPlan.of(dir, 0, -1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> OverlayPlan.of(null, 0, 1, List.of()));
    }

    @Test
    void zeroLengthOverlayInsideAnotherIsAllowedAndDropped() {
        OverlayPlan plan = OverlayPlan.of(dir, 0, 10, List.of(new Overlay(2, new byte[4]), new Overlay(3, new byte[0])));
        assertEquals(1, plan.overlays().size());
        assertEquals(10, plan.length());
    }

    @Test
    void overlayBytesCountsAnArraySharedByOverlaysOnce() {
        byte[] shared = new byte[8];
        OverlayPlan plan = OverlayPlan.of(dir, 0, 40, List.of(
                new Overlay(0, new byte[3]), new Overlay(8, shared), new Overlay(16, shared), new Overlay(24, shared)));
        assertEquals(3 + 8, plan.overlayBytes());
    }

    @Test
    void contiguousAppendsFormAnInitrd() throws IOException {
        Path base = write("base", ascii("0123456789INITRD-----tail"));
        List<Overlay> appended = List.of(
                new Overlay(13, ascii("nmstate")), new Overlay(6, ascii("IGN")), new Overlay(9, ascii("RAMD")));
        OverlayPlan plan = OverlayPlan.of(base, 10, 6, appended);

        assertEquals(20, plan.length());
        assertEquals("INITRDIGNRAMDnmstate", copy(plan, 0, 19));
        assertEquals("DIGNRAMDnm", copy(plan, 5, 14));
    }

    @Test
    void contentWithoutBaseFileNeedsNoChannel() throws IOException {
        OverlayPlan plan = OverlayPlan.ofBytes(ascii("0123456789abcdef"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        plan.copy(null, 4, 7, out, ByteBuffer.allocate(0));
        assertEquals("4567", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void baseFileShorterThanTheWindowFailsWithOffsets() throws IOException {
        Path base = write("short", BASE);
        OverlayPlan plan = OverlayPlan.of(base, 4, 10, List.of());
        EOFException e = assertThrows(EOFException.class, () -> copy(plan, 0, 9));
        assertTrue(e.getMessage().contains("ends before offset 10; the window ends at offset 14"), e.getMessage());
    }

    @Test
    void rangesOutsideTheContentAreRejected() {
        OverlayPlan plan = OverlayPlan.ofBytes(new byte[10]);
        ByteBuffer buffer = ByteBuffer.allocate(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IndexOutOfBoundsException.class, () -> plan.copy(null, 5, 10, out, buffer));
        assertThrows(IndexOutOfBoundsException.class, () -> plan.copy(null, 5, 4, out, buffer));
        assertThrows(IndexOutOfBoundsException.class, () -> plan.copy(null, -1, 4, out, buffer));
    }

    /** The PXE initrd shape: initrd window + in-memory archives + a file appended after them. */
    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource({"0, 19", "0, 3", "4, 12", "11, 19", "12, 19", "15, 16", "19, 19", "0, 11", "11, 12"})
    void anAppendedFileFollowsTheOverlaysInEveryRange(long first, long last) throws IOException {
        Path base = write("base", BASE);
        Path tail = write("tail", ascii("--nmstate--"));
        OverlayPlan plan = OverlayPlan.of(base, 2, 4, List.of(new Overlay(4, ascii("IGN")), new Overlay(7, ascii("RAMD"))))
                .append(tail, 9);
        String expected = "cdef" + "IGN" + "RAMD" + "--nmstat";
        String all = expected + "e";

        assertEquals(20, plan.length());
        assertEquals(9, plan.appendedLength());
        assertEquals(all.substring((int) first, (int) last + 1), copyWithAppended(plan, first, last));
    }

    @Test
    void anAppendedFileNeedsNoBaseFile() throws IOException {
        Path tail = write("tail", ascii("0123456789"));
        OverlayPlan plan = OverlayPlan.ofBytes(ascii("ab")).append(tail, 10);

        assertEquals("ab0123456789", copyWithAppended(plan, 0, 11));
        assertEquals("b0", copyWithAppended(plan, 1, 2));
    }

    @Test
    void anAppendedFileShorterThanItsWindowFailsAndOnlyOneFileMayBeAppended() throws IOException {
        Path tail = write("tail", ascii("0123"));
        OverlayPlan plan = OverlayPlan.ofBytes(ascii("ab")).append(tail, 6);

        EOFException e = assertThrows(EOFException.class, () -> copyWithAppended(plan, 0, 7));
        assertTrue(e.getMessage().contains("ends before offset 4; the window ends at offset 6"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> plan.append(tail, 1));
        assertThrows(IllegalArgumentException.class, () -> OverlayPlan.ofBytes(new byte[1]).append(tail, -1));
        OverlayPlan unchanged = OverlayPlan.ofBytes(new byte[1]);
        assertSame(unchanged, unchanged.append(tail, 0));
    }

    private static String copyWithAppended(OverlayPlan plan, long first, long last) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel base = plan.base() == null ? null : FileChannel.open(plan.base(), StandardOpenOption.READ);
                FileChannel tail = FileChannel.open(plan.appended(), StandardOpenOption.READ)) {
            plan.copy(base, tail, first, last, out, ByteBuffer.wrap(new byte[3]));
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Random windows, overlays (valid or not) and ranges against a byte-array model. */
    @Test
    void randomPlansMatchTheNaiveModel() throws IOException {
        Random random = new Random(20240611);
        byte[] file = new byte[4096];
        random.nextBytes(file);
        Path base = write("random", file);
        int accepted = 0;
        int rejected = 0;
        try (FileChannel channel = FileChannel.open(base, StandardOpenOption.READ)) {
            for (int round = 0; round < 1500; round++) {
                int baseOffset = random.nextInt(file.length);
                int baseLength = random.nextInt(file.length - baseOffset + 1);
                List<Overlay> overlays = randomOverlays(random, baseLength);
                byte[] model = NaiveModel.content(file, baseOffset, baseLength, overlays);
                if (model == null) {
                    assertThrows(IllegalArgumentException.class,
                            () -> OverlayPlan.of(base, baseOffset, baseLength, overlays), overlays::toString);
                    rejected++;
                    continue;
                }
                OverlayPlan plan = OverlayPlan.of(base, baseOffset, baseLength, overlays);
                assertEquals(model.length, plan.length());
                checkRandomRanges(random, plan, channel, model);
                accepted++;
            }
        }
        assertTrue(accepted > 250 && rejected > 250, accepted + " accepted, " + rejected + " rejected");
    }

    private static void checkRandomRanges(Random random, OverlayPlan plan, FileChannel channel, byte[] model)
            throws IOException {
        if (model.length == 0) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(new byte[1 + random.nextInt(64)]);
        for (int i = 0; i < 5; i++) {
            int first = random.nextInt(model.length);
            int last = first + random.nextInt(model.length - first);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            plan.copy(channel, first, last, out, buffer);
            assertArrayEquals(Arrays.copyOfRange(model, first, last + 1), out.toByteArray(), first + "-" + last);
        }
    }

    private static List<Overlay> randomOverlays(Random random, int baseLength) {
        List<Overlay> overlays = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            int offset = random.nextInt(baseLength + 40) - (random.nextInt(50) == 0 ? 3 : 0);
            byte[] bytes = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(30)];
            random.nextBytes(bytes);
            overlays.add(new Overlay(offset, bytes));
        }
        return overlays;
    }

    private String copy(OverlayPlan plan, long first, long last) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel channel = FileChannel.open(plan.base(), StandardOpenOption.READ)) {
            plan.copy(channel, first, last, out, ByteBuffer.wrap(new byte[3]));
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

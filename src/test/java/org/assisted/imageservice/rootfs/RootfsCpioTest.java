package org.assisted.imageservice.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.FuzzLoop;
import org.assisted.imageservice.testsupport.Mutator;
import org.assisted.imageservice.testsupport.OracleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@OracleTest
class RootfsCpioTest {

    private static final int PREFIX_BYTES = 4096;
    private static final List<String> HEX_BOUNDARIES = List.of("00000000", "00000001", "7FFFFFFF", "80000000",
            "FFFFFFFF", "FFFFFFFE", "0000FFFF", "00001000");

    @TempDir
    Path dir;

    @Test
    void findsTheSquashfsMemberAmongOthersAsAnAbsoluteWindow() throws Exception {
        byte[] payload = RootfsTree.binaryContent(1, 10_001, 0);
        Files.writeString(dir.resolve("README"), "x");
        Files.write(dir.resolve("root.squashfs"), payload);
        Files.createDirectory(dir.resolve("root.dir"));
        Files.writeString(dir.resolve("zzz"), "after");

        Path file = embed(archive("README", "root.squashfs", "root.dir", "zzz"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            RootfsMember member = RootfsCpio.find(channel, PREFIX_BYTES, Files.size(file) - 2 * PREFIX_BYTES);
            assertEquals(RootfsKind.SQUASHFS, member.kind());
            assertEquals(payload.length, member.length());
            assertArrayEquals(payload, read(channel, member));
        }
    }

    @Test
    void theSquashfsOfASingleMemberArchiveStartsAtByte124() throws Exception {
        Files.write(dir.resolve("root.squashfs"), new byte[100]);
        Path file = archive("root.squashfs");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertEquals(new RootfsMember(RootfsKind.SQUASHFS, 124, 100), RootfsCpio.find(channel, 0, Files.size(file)));
        }
    }

    @Test
    void erofsIsRecognisedAndTheGreatestRootNameWins() throws Exception {
        Files.write(dir.resolve("root.erofs"), new byte[] {1, 2, 3});
        assertEquals(RootfsKind.EROFS, find(archive("root.erofs")).kind());

        Files.write(dir.resolve("root.squashfs"), new byte[] {4, 5});
        assertEquals(new RootfsMember(RootfsKind.SQUASHFS, 124, 2), find(archive("root.squashfs", "root.erofs")));
        assertEquals(new RootfsMember(RootfsKind.SQUASHFS, 252, 2), find(archive("root.erofs", "root.squashfs")));
    }

    @Test
    void missingOrUnknownRootMembersAreNamed() throws Exception {
        Files.writeString(dir.resolve("other.img"), "x");
        assertEquals("failed to find root file extension", failure(archive("other.img")));

        Files.writeString(dir.resolve("root.ext4"), "x");
        assertEquals("unknown extension for root file: ext4", failure(archive("other.img", "root.ext4")));
    }

    @Test
    void truncatedOrForeignArchivesAreRejected() throws Exception {
        Files.write(dir.resolve("root.squashfs"), new byte[5000]);
        Path good = archive("root.squashfs");
        byte[] bytes = Files.readAllBytes(good);
        int trailerEnd = 124 + 5000 + 110 + 11;
        for (int length : new int[] {0, 50, 110, 124, 4000, 5124, 5200, trailerEnd - 1}) {
            Path cut = dir.resolve("cut");
            Files.write(cut, Arrays.copyOf(bytes, length));
            assertThrows(RootfsFormatException.class, () -> find(cut), "length " + length);
        }
        Path foreign = dir.resolve("foreign");
        Files.write(foreign, RootfsTree.binaryContent(3, 1000, 0));
        assertEquals("no newc cpio magic at offset 0 of rootfs.img", failure(foreign));
    }

    @Test
    void aWindowOutsideTheFileIsRejected() throws Exception {
        Files.writeString(dir.resolve("root.squashfs"), "x");
        Path file = archive("root.squashfs");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThrows(RootfsFormatException.class, () -> RootfsCpio.find(channel, 1, Files.size(file)));
        }
    }

    /**
     * Seeded fuzzing: generic mutations plus header fields overwritten with boundary values in ASCII hex. The
     * archive is found or refused with a RootfsFormatException; a found member lies inside the window.
     */
    @Test
    void mutatedArchivesGiveAMemberInsideTheWindowOrRootfsFormatException() throws Exception {
        Files.writeString(dir.resolve("README"), "x");
        Files.write(dir.resolve("root.squashfs"), RootfsTree.binaryContent(4, 3000, 0));
        Files.createDirectory(dir.resolve("root.dir"));
        Files.write(dir.resolve("root.erofs"), new byte[] {1, 2, 3});
        byte[] pristine = Files.readAllBytes(archive("README", "root.squashfs", "root.dir", "root.erofs"));
        List<int[]> headers = headers(pristine);
        Mutator mutator = new Mutator(70701, headers);
        Random random = new Random(70701);
        Path file = dir.resolve("mutated.img");
        FuzzLoop loop = new FuzzLoop(1000, Duration.ofSeconds(10), Duration.ofSeconds(1), 1L << 20,
                List.of(RootfsFormatException.class));
        FuzzLoop.Outcomes outcomes = loop.run(i -> {
            byte[] mutated = mutator.mutate(pristine, 2);
            int[] header = headers.get(random.nextInt(headers.size()));
            int field = header[0] + 6 + 8 * random.nextInt(13);
            if (i % 2 == 0 && field + 8 <= mutated.length) {
                String value = HEX_BOUNDARIES.get(random.nextInt(HEX_BOUNDARIES.size()));
                System.arraycopy(value.getBytes(StandardCharsets.US_ASCII), 0, mutated, field, 8);
            }
            Files.write(file, mutated);
            RootfsMember member = find(file);
            assertTrue(member.offset() >= 0 && member.length() >= 0
                    && member.offset() + member.length() <= mutated.length, member.toString());
        });
        assertTrue(outcomes.succeeded() > 0 && outcomes.rejected() > 100, outcomes.toString());
    }

    /** {@code {offset, 110}} of every newc header of an archive. */
    private static List<int[]> headers(byte[] archive) {
        List<int[]> headers = new ArrayList<>();
        int position = 0;
        while (position + 110 <= archive.length && archive[position] == '0') {
            headers.add(new int[] {position, 110});
            int nameSize = Integer.parseInt(new String(archive, position + 94, 8, StandardCharsets.US_ASCII), 16);
            int fileSize = Integer.parseInt(new String(archive, position + 54, 8, StandardCharsets.US_ASCII), 16);
            int data = (position + 110 + nameSize + 3) & ~3;
            position = (data + fileSize + 3) & ~3;
        }
        return headers;
    }

    private Path archive(String... names) throws Exception {
        Path archive = dir.resolve("rootfs-" + System.nanoTime() + ".img");
        ExternalTools.cpioNewc(dir, archive, names);
        return archive;
    }

    private Path embed(Path archive) throws IOException {
        Path file = dir.resolve("embedded");
        byte[] junk = RootfsTree.binaryContent(8, PREFIX_BYTES, 0);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(junk);
            Files.copy(archive, out);
            out.write(junk);
        }
        return file;
    }

    private static RootfsMember find(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return RootfsCpio.find(channel, 0, Files.size(file));
        }
    }

    private static String failure(Path file) {
        return assertThrows(RootfsFormatException.class, () -> find(file)).getMessage();
    }

    private static byte[] read(FileChannel channel, RootfsMember member) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) member.length());
        channel.read(buffer, member.offset());
        return buffer.array();
    }
}

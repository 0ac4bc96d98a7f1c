package org.assisted.imageservice.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsCpioTest {

    private static final int PREFIX_BYTES = 4096;

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

package org.assisted.imageservice.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.rootfs.squashfs.SquashfsImage;
import org.assisted.imageservice.testsupport.ExternalTools;
import org.assisted.imageservice.testsupport.OracleTest;
import org.assisted.imageservice.testsupport.TestIsos;
import org.assisted.imageservice.testsupport.XorrisoReports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@OracleTest
class NmstatectlExtractorTest {

    private static final String ROOTFS_PATH = "/images/pxeboot/rootfs.img";
    private static final FilesystemImageOpener NO_EROFS = (channel, offset, length) -> {
        throw new IOException("EROFS must not be opened here");
    };

    @TempDir
    Path dir;

    @Test
    void extractsTheUsrBinBinaryFromASquashfsRootfsInsideAnIso() throws Exception {
        Path iso = iso(squashfsRootfs(true, true));
        Path data = Files.createDirectory(dir.resolve("data"));
        Path target = data.resolve("nmstatectl-418.94-x86_64");

        new NmstatectlExtractor(SquashfsImage::open, NO_EROFS).extract(iso, rootfsExtent(iso), target);

        String listing = new String(ExternalTools.shell(dir, "zcat \"$1\" | cpio -itv --quiet", target.toString()),
                StandardCharsets.UTF_8).strip();
        assertTrue(listing.matches("-rwxr-xr-x +1 root +root +450003 .* /usr/bin/nmstatectl"), listing);
        byte[] extracted = ExternalTools.shell(dir, "zcat \"$1\" | cpio -i --quiet --to-stdout /usr/bin/nmstatectl",
                target.toString());
        assertArrayEquals(RootfsTree.binaryContent(42, 300_000, 150_003), extracted);
        assertEquals(0, Files.size(target) % 4);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of(target), list(data));
    }

    @Test
    void withoutAUsrBinBinaryTheFirstRegularFileNamedNmstatectlIsTaken() throws Exception {
        Path iso = iso(squashfsRootfs(false, true));
        Path target = dir.resolve("nmstate.img");

        new NmstatectlExtractor(SquashfsImage::open, NO_EROFS).extract(iso, rootfsExtent(iso), target);

        assertArrayEquals(RootfsTree.DECOY_CONTENT, ExternalTools.shell(dir,
                "zcat \"$1\" | cpio -i --quiet --to-stdout /usr/bin/nmstatectl", target.toString()));
    }

    @Test
    void aRootfsWithoutTheBinaryFailsAndLeavesNothingBehind() throws Exception {
        Path iso = iso(squashfsRootfs(false, false));
        Path data = Files.createDirectory(dir.resolve("data"));
        Path target = data.resolve("nmstatectl-x");

        RootfsFormatException e = assertThrows(RootfsFormatException.class,
                () -> new NmstatectlExtractor(SquashfsImage::open, NO_EROFS).extract(iso, rootfsExtent(iso), target));

        assertEquals("nmstatectl not found in root.squashfs", e.getMessage());
        assertEquals(List.of(), list(data));
    }

    @Test
    void aCorruptSquashfsFailsWithItsNameAndLeavesNothingBehind() throws Exception {
        Path rootfsDir = Files.createDirectory(dir.resolve("rootfs"));
        Files.write(rootfsDir.resolve("root.squashfs"), new byte[8192]);
        Path rootfs = dir.resolve("rootfs.img");
        ExternalTools.cpioNewc(rootfsDir, rootfs, "root.squashfs");
        Path iso = iso(rootfs);
        Path data = Files.createDirectory(dir.resolve("data"));

        RootfsFormatException e = assertThrows(RootfsFormatException.class,
                () -> new NmstatectlExtractor(SquashfsImage::open, NO_EROFS).extract(iso, rootfsExtent(iso), data.resolve("t")));

        assertEquals("root.squashfs in " + ROOTFS_PATH + ": no squashfs magic at the start of the image", e.getMessage());
        assertEquals(List.of(), list(data));
    }

    @Test
    void anErofsRootfsIsOpenedThroughTheGivenOpenerWithItsWindow() throws Exception {
        Path rootfsDir = Files.createDirectory(dir.resolve("rootfs"));
        byte[] erofs = RootfsTree.binaryContent(11, 3000, 0);
        Files.write(rootfsDir.resolve("root.erofs"), erofs);
        Path rootfs = dir.resolve("rootfs.img");
        ExternalTools.cpioNewc(rootfsDir, rootfs, "root.erofs");
        Path iso = iso(rootfs);
        IsoFile extent = rootfsExtent(iso);
        List<Long> window = new ArrayList<>();
        FilesystemImageOpener opener = (channel, offset, length) -> {
            window.add(offset);
            window.add(length);
            return new FixedImage("/usr/bin/nmstatectl", "erofs binary".getBytes(StandardCharsets.US_ASCII));
        };
        Path target = dir.resolve("nmstate.img");

        new NmstatectlExtractor(SquashfsImage::open, opener).extract(iso, extent, target);

        assertEquals(List.of(extent.offset() + 124, (long) erofs.length), window);
        assertArrayEquals("erofs binary".getBytes(StandardCharsets.US_ASCII), ExternalTools.shell(dir,
                "zcat \"$1\" | cpio -i --quiet --to-stdout /usr/bin/nmstatectl", target.toString()));
    }

    @Test
    void anErofsRootfsWithoutTheBinaryIsNamed() throws Exception {
        Path rootfsDir = Files.createDirectory(dir.resolve("rootfs"));
        Files.write(rootfsDir.resolve("root.erofs"), new byte[100]);
        Path rootfs = dir.resolve("rootfs.img");
        ExternalTools.cpioNewc(rootfsDir, rootfs, "root.erofs");
        Path iso = iso(rootfs);

        RootfsFormatException e = assertThrows(RootfsFormatException.class, () -> new NmstatectlExtractor(SquashfsImage::open,
                (channel, offset, length) -> new FixedImage("/elsewhere", new byte[0]))
                .extract(iso, rootfsExtent(iso), dir.resolve("t")));
        assertEquals("nmstatectl not found in root.erofs", e.getMessage());
        assertFalse(Files.exists(dir.resolve("t")));
    }

    /** An image holding one file, standing in for the EROFS reader. */
    private record FixedImage(String path, byte[] content) implements FilesystemImage {
        @Override
        public Optional<String> findRegularFile(String fileName, String preferredPathSuffix) {
            return path.endsWith("/" + fileName) ? Optional.of(path) : Optional.empty();
        }

        @Override
        public long copyFile(String requested, OutputStream out) throws IOException {
            assertEquals(path, requested);
            out.write(content);
            return content.length;
        }
    }

    private Path squashfsRootfs(boolean withBinary, boolean withDecoyFile) throws Exception {
        Path tree = dir.resolve("tree");
        RootfsTree.write(tree, withBinary, withDecoyFile);
        Path rootfsDir = Files.createDirectory(dir.resolve("rootfs"));
        ExternalTools.mksquashfs(tree, rootfsDir.resolve("root.squashfs"), List.of("-comp", "zstd"));
        Path rootfs = dir.resolve("rootfs.img");
        ExternalTools.cpioNewc(rootfsDir, rootfs, "root.squashfs");
        return rootfs;
    }

    /** An xorriso-written ISO holding {@code rootfs} (moved into it) and a small initrd. */
    private Path iso(Path rootfs) throws Exception {
        byte[] content = Files.readAllBytes(rootfs);
        Files.delete(rootfs);
        return TestIsos.bare("x").file("images/pxeboot/initrd.img", "initrd").file(ROOTFS_PATH, content)
                .writeWithXorriso(dir.resolve("x.iso"));
    }

    private static IsoFile rootfsExtent(Path iso) throws Exception {
        XorrisoReports.FileLba extent = XorrisoReports.file(iso, ROOTFS_PATH);
        return new IsoFile(ROOTFS_PATH, extent.offset(), extent.size());
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}

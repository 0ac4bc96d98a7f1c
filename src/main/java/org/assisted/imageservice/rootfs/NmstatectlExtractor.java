package org.assisted.imageservice.rootfs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;

import org.assisted.imageservice.io.AtomicFiles;
import org.assisted.imageservice.iso.IsoFile;

/**
 * Extracts {@code nmstatectl} from the root filesystem inside an ISO's {@code rootfs.img} and
 * caches it as the nmstate archive ({@link NmstateArchive}), reading the ISO in place.
 *
 * <p>Path rule (stricter than upstream's {@code .*nmstatectl} match on the squashfs listing): a
 * depth-first search, entries in on-disk order, for regular files named exactly {@code nmstatectl};
 * the first whose path ends with {@code /usr/bin/nmstatectl} wins (RHCOS:
 * {@code /ostree/deploy/rhcos/deploy/<hash>.0/usr/bin/nmstatectl}), else the first one found.
 */
public final class NmstatectlExtractor {

    static final String BINARY_NAME = "nmstatectl";
    static final String PREFERRED_PATH_SUFFIX = NmstateArchive.ENTRY_NAME;

    private final FilesystemImageOpener squashfsOpener;
    private final FilesystemImageOpener erofsOpener;

    /**
     * The format readers are passed in, so that this package does not depend on its format subpackages
     * (docs/design.md#packages).
     *
     * @param squashfsOpener opens {@code root.squashfs} images, e.g. {@code SquashfsImage::open}
     * @param erofsOpener    opens {@code root.erofs} images, e.g. {@code ErofsImage::open}
     */
    public NmstatectlExtractor(FilesystemImageOpener squashfsOpener, FilesystemImageOpener erofsOpener) {
        this.squashfsOpener = Objects.requireNonNull(squashfsOpener, "squashfsOpener");
        this.erofsOpener = Objects.requireNonNull(erofsOpener, "erofsOpener");
    }

    /**
     * Writes the nmstate archive for the rootfs at {@code rootfsImg} (an extent of {@code iso}) to
     * {@code targetArchive}: temp files next to the target, then an atomic move, so the target is
     * either complete or absent.
     *
     * @throws RootfsFormatException if the rootfs or the filesystem in it is malformed or holds no
     *                               {@code nmstatectl} ({@code nmstatectl not found in root.squashfs})
     */
    public void extract(Path iso, IsoFile rootfsImg, Path targetArchive) throws IOException {
        Path directory = targetArchive.toAbsolutePath().getParent();
        Path binary = Files.createTempFile(directory, "nmstatectl-", ".bin");
        Path archive = null;
        try {
            long size;
            try (FileChannel channel = FileChannel.open(iso, StandardOpenOption.READ);
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(binary))) {
                size = copyBinary(channel, rootfsImg, out);
            }
            archive = Files.createTempFile(directory, "nmstatectl-", ".tmp");
            try (InputStream in = new BufferedInputStream(Files.newInputStream(binary));
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive))) {
                NmstateArchive.write(in, size, out);
            }
            makeReadable(archive);
            AtomicFiles.replace(archive, targetArchive);
        } finally {
            Files.deleteIfExists(binary);
            if (archive != null) {
                Files.deleteIfExists(archive);
            }
        }
    }

    private long copyBinary(FileChannel channel, IsoFile rootfsImg, OutputStream out) throws IOException {
        RootfsMember member;
        try {
            member = RootfsCpio.find(channel, rootfsImg.offset(), rootfsImg.size());
        } catch (RootfsFormatException e) {
            throw new RootfsFormatException(rootfsImg.path() + ": " + e.getMessage(), e);
        }
        String context = member.kind().memberName() + " in " + rootfsImg.path();
        FilesystemImage image;
        Optional<String> path;
        try {
            image = open(channel, member);
            path = image.findRegularFile(BINARY_NAME, PREFERRED_PATH_SUFFIX);
        } catch (RootfsFormatException e) {
            throw new RootfsFormatException(context + ": " + e.getMessage(), e);
        }
        if (path.isEmpty()) {
            throw new RootfsFormatException(BINARY_NAME + " not found in " + member.kind().memberName());
        }
        try {
            return image.copyFile(path.get(), out);
        } catch (RootfsFormatException e) {
            throw new RootfsFormatException(context + ", " + path.get() + ": " + e.getMessage(), e);
        }
    }

    private FilesystemImage open(FileChannel channel, RootfsMember member) throws IOException {
        return switch (member.kind()) {
            case SQUASHFS -> squashfsOpener.open(channel, member.offset(), member.length());
            case EROFS -> erofsOpener.open(channel, member.offset(), member.length());
        };
    }

    /** Upstream stores the archive with mode 0755; temp files start as 0600. */
    private static void makeReadable(Path archive) throws IOException {
        try {
            Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the default permissions apply
        }
    }
}

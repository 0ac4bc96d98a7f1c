package org.assisted.imageservice.rootfs.erofs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.assisted.imageservice.rootfs.FilesystemImage;

/**
 * Reads files out of an EROFS image (as in RHCOS {@code root.erofs}) that sits in a window of a larger file,
 * reading only the metadata and data blocks a lookup needs. Supports the flat, inline, chunk-based and compressed
 * (full and compact index) layouts, big and inline (tail-packed) physical clusters, fragments in the packed inode,
 * deduplicated extents, and LZ4, MicroLZMA and DEFLATE; the on-disk format is the Linux kernel's
 * {@code fs/erofs/erofs_fs.h}.
 */
public final class ErofsImage implements FilesystemImage {

    private static final long MAX_DIRECTORY_BYTES = 16L * 1024 * 1024;
    private static final int MAX_DEPTH = 256;

    private final ErofsSource source;
    private final ErofsSuperblock sb;
    private final ErofsDataReader data;

    private ErofsImage(ErofsSource source, ErofsSuperblock sb) {
        this.source = source;
        this.sb = sb;
        this.data = new ErofsDataReader(source, sb);
    }

    /**
     * Opens the EROFS image at {@code [offset, offset + length)} of {@code channel} and checks its superblock. The
     * channel stays owned by the caller and must stay open while the image is used.
     */
    public static ErofsImage open(FileChannel channel, long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset > channel.size() || length > channel.size() - offset) {
            throw new ErofsFormatException("EROFS window of " + length + " bytes at offset " + offset
                    + " does not fit the " + channel.size() + "-byte file");
        }
        ErofsSource source = new ErofsSource(channel, offset, length);
        return new ErofsImage(source, ErofsSuperblock.read(source));
    }

    /**
     * {@inheritDoc} Skips {@code .}, {@code ..} and subdirectories that cannot be read, as upstream's
     * {@code dump.erofs --ls} walk does.
     */
    @Override
    public Optional<String> findRegularFile(String fileName, String preferredPathSuffix) throws IOException {
        Search search = new Search(fileName, preferredPathSuffix);
        search.walk(ErofsInode.read(source, sb, sb.rootNid()), "", 0);
        return Optional.ofNullable(search.preferred != null ? search.preferred : search.first);
    }

    @Override
    public long copyFile(String path, OutputStream out) throws IOException {
        ErofsInode inode = resolve(path);
        if (!inode.isRegularFile()) {
            throw new ErofsFormatException(path + " in the EROFS image is not a regular file (mode 0"
                    + Integer.toOctalString(inode.mode()) + ")");
        }
        data.copy(inode, 0, inode.size(), out);
        return inode.size();
    }

    private ErofsInode resolve(String path) throws IOException {
        ErofsInode inode = ErofsInode.read(source, sb, sb.rootNid());
        for (String component : path.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            if (!inode.isDirectory()) {
                throw new NoSuchFileException(path, null, "a parent is not a directory in the EROFS image");
            }
            long nid = -1;
            for (ErofsDirent entry : list(inode)) {
                if (entry.name().equals(component)) {
                    nid = entry.nid();
                    break;
                }
            }
            if (nid < 0) {
                throw new NoSuchFileException(path, null, "not found in the EROFS image");
            }
            inode = ErofsInode.read(source, sb, nid);
        }
        return inode;
    }

    private List<ErofsDirent> list(ErofsInode directory) throws IOException {
        return ErofsDirent.parse(data.readAll(directory, MAX_DIRECTORY_BYTES), sb.blockBytes(), directory.nid());
    }

    private final class Search {
        private final String fileName;
        private final String preferredPathSuffix;
        private final Set<Long> visited = new HashSet<>();
        private String preferred;
        private String first;

        Search(String fileName, String preferredPathSuffix) {
            this.fileName = fileName;
            this.preferredPathSuffix = preferredPathSuffix;
        }

        void walk(ErofsInode directory, String path, int depth) throws IOException {
            if (!directory.isDirectory()) {
                throw new ErofsFormatException("EROFS nid " + directory.nid() + " at '" + path
                        + "/' is not a directory");
            }
            visited.add(directory.nid());
            for (ErofsDirent entry : list(directory)) {
                if (preferred != null) {
                    return;
                }
                String name = entry.name();
                String child = path + "/" + name;
                if (entry.fileType() == ErofsDirent.TYPE_REGULAR && name.equals(fileName)) {
                    if (child.endsWith(preferredPathSuffix)) {
                        preferred = child;
                    } else if (first == null) {
                        first = child;
                    }
                } else if (entry.fileType() == ErofsDirent.TYPE_DIRECTORY && !name.equals(".")
                        && !name.equals("..") && depth < MAX_DEPTH && !visited.contains(entry.nid())) {
                    walkReadable(entry.nid(), child, depth + 1);
                }
            }
        }

        private void walkReadable(long nid, String path, int depth) throws IOException {
            try {
                walk(ErofsInode.read(source, sb, nid), path, depth);
            } catch (ErofsFormatException unreadable) {
                visited.add(nid);
            }
        }
    }
}

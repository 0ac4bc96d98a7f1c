package org.assisted.imageservice.rootfs.squashfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

import org.assisted.imageservice.rootfs.FilesystemImage;
import org.assisted.imageservice.rootfs.ImageWindow;
import org.assisted.imageservice.rootfs.RootfsFormatException;

/**
 * A squashfs 4.0 image read in place from a window of a file (gzip, xz or zstd compressed; lzo,
 * lz4 and lzma are rejected at {@link #open}). Only the superblock, the metadata blocks a lookup
 * touches and the data blocks of the copied file are read. Not thread-safe: it caches decompressed
 * metadata blocks.
 */
public final class SquashfsImage implements FilesystemImage {

    private static final int MAX_DEPTH = 256;
    /** Directory listings held at once along the current path (real trees: well under 1 MiB). */
    private static final long MAX_OPEN_LISTING_BYTES = 16L << 20;
    /** All directory listings read by one search (an RHCOS rootfs has tens of MiB). */
    private static final long MAX_SEARCH_LISTING_BYTES = 1L << 30;

    private final SquashfsSuperblock sb;
    private final SquashfsMetadata metadata;
    private final SquashfsFileData data;

    private SquashfsImage(ImageWindow window, SquashfsSuperblock sb) {
        this.sb = sb;
        this.metadata = new SquashfsMetadata(window, sb.codec());
        this.data = new SquashfsFileData(window, sb, metadata);
    }

    /**
     * Reads and validates the superblock of the squashfs image at {@code [offset, offset + length)}
     * of {@code channel}. The channel stays owned by the caller and must stay open while the image
     * is used.
     */
    public static SquashfsImage open(FileChannel channel, long offset, long length) throws IOException {
        ImageWindow window = ImageWindow.of(channel, offset, length);
        if (length < SquashfsSuperblock.SUPERBLOCK_BYTES) {
            throw new RootfsFormatException("squashfs image of " + length + " bytes is shorter than its superblock");
        }
        byte[] superblock = new byte[SquashfsSuperblock.SUPERBLOCK_BYTES];
        window.read(0, superblock, 0, superblock.length);
        return new SquashfsImage(window, SquashfsSuperblock.parse(superblock, length));
    }

    @Override
    public Optional<String> findRegularFile(String fileName, String preferredPathSuffix) throws IOException {
        return search(fileName, preferredPathSuffix);
    }

    @Override
    public long copyFile(String path, OutputStream out) throws IOException {
        SquashfsInode inode = SquashfsInode.read(metadata, sb, sb.rootInodeRef());
        for (String component : path.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            if (!(inode instanceof SquashfsInode.Directory dir)) {
                throw new RootfsFormatException("no such file in squashfs image: " + path);
            }
            SquashfsDirectory.Entry entry = SquashfsDirectory.list(metadata, sb, dir).stream()
                    .filter(e -> e.name().equals(component)).findFirst()
                    .orElseThrow(() -> new RootfsFormatException("no such file in squashfs image: " + path));
            inode = SquashfsInode.read(metadata, sb, entry.inodeRef());
        }
        if (!(inode instanceof SquashfsInode.File file)) {
            throw new RootfsFormatException("not a regular file in squashfs image: " + path);
        }
        return data.copy(file, out);
    }

    private record Frame(String path, long listingSize, Iterator<SquashfsDirectory.Entry> entries) {
    }

    /** Bounds of one search: memory held by the open directories, and total work. */
    private static final class Budget {
        private final Set<Long> visited = new HashSet<>();
        private long openListingBytes;
        private long readListingBytes;
    }

    private Optional<String> search(String fileName, String preferredPathSuffix) throws IOException {
        Budget budget = new Budget();
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(open(sb.rootInodeRef(), "", budget));
        String first = null;
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            if (!frame.entries().hasNext()) {
                budget.openListingBytes -= stack.pop().listingSize();
                continue;
            }
            SquashfsDirectory.Entry entry = frame.entries().next();
            String path = frame.path() + "/" + entry.name();
            if (entry.isDirectory()) {
                if (stack.size() >= MAX_DEPTH) {
                    throw new RootfsFormatException("squashfs directories nest deeper than " + MAX_DEPTH + " at " + path);
                }
                stack.push(open(entry.inodeRef(), path, budget));
            } else if (entry.isRegularFile() && entry.name().equals(fileName)
                    && SquashfsInode.read(metadata, sb, entry.inodeRef()) instanceof SquashfsInode.File) {
                if (path.endsWith(preferredPathSuffix)) {
                    return Optional.of(path);
                }
                first = first == null ? path : first;
            }
        }
        return Optional.ofNullable(first);
    }

    private Frame open(long ref, String path, Budget budget) throws IOException {
        if (!budget.visited.add(ref)) {
            throw new RootfsFormatException("squashfs directory " + path + "/ repeats an inode (a cycle)");
        }
        if (!(SquashfsInode.read(metadata, sb, ref) instanceof SquashfsInode.Directory dir)) {
            throw new RootfsFormatException("squashfs entry " + path + " is listed as a directory but its inode is not");
        }
        budget.openListingBytes += dir.listingSize();
        budget.readListingBytes += dir.listingSize();
        if (budget.openListingBytes > MAX_OPEN_LISTING_BYTES || budget.readListingBytes > MAX_SEARCH_LISTING_BYTES) {
            throw new RootfsFormatException("squashfs directory listings exceed the search bounds at " + path + "/");
        }
        return new Frame(path, dir.listingSize(), SquashfsDirectory.list(metadata, sb, dir).iterator());
    }
}

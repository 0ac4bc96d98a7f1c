package org.assisted.imageservice.rootfs.squashfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.assisted.imageservice.rootfs.RootfsFormatException;

/**
 * Reads a directory listing from the directory table: runs of up to 256 entries, each run behind a
 * 12-byte header (entry count - 1, inode table block, base inode number); each entry holds the
 * offset of its inode in that block, an inode number delta, a type and the name (stored size + 1).
 */
final class SquashfsDirectory {

    /** Ten times the largest RHCOS directory listing; bounds memory for a corrupt directory size. */
    static final long MAX_LISTING_BYTES = 4L << 20;
    private static final int HEADER_BYTES = 12;
    private static final int ENTRY_BYTES = 8;
    private static final int MAX_RUN_ENTRIES = 256;
    private static final int MAX_NAME_BYTES = 256;

    /** A directory entry; {@code type} is the inode type as recorded in the listing. */
    record Entry(String name, int type, long inodeRef) {

        boolean isDirectory() {
            return type == SquashfsInode.BASIC_DIRECTORY || type == SquashfsInode.EXTENDED_DIRECTORY;
        }

        boolean isRegularFile() {
            return type == SquashfsInode.BASIC_FILE || type == SquashfsInode.EXTENDED_FILE;
        }
    }

    private SquashfsDirectory() {
    }

    static List<Entry> list(SquashfsMetadata metadata, SquashfsSuperblock sb, SquashfsInode.Directory dir)
            throws IOException {
        if (dir.listingSize() > MAX_LISTING_BYTES
                || dir.listingBlock() >= sb.directoryTableEnd() - sb.directoryTableStart()) {
            throw new RootfsFormatException("directory listing of " + dir.listingSize() + " bytes at block "
                    + dir.listingBlock() + " does not fit in the directory table");
        }
        List<Entry> entries = new ArrayList<>();
        if (dir.listingSize() == 0) {
            return entries;
        }
        SquashfsMetadata.Cursor in = metadata.cursor(sb.directoryTableStart() + dir.listingBlock(),
                dir.listingOffset(), sb.directoryTableStart(), sb.directoryTableEnd());
        long left = dir.listingSize();
        while (left > 0) {
            left = readRun(in, left, entries);
        }
        return entries;
    }

    private static long readRun(SquashfsMetadata.Cursor in, long left, List<Entry> entries) throws IOException {
        if (left < HEADER_BYTES) {
            throw new RootfsFormatException("directory listing ends inside a header");
        }
        long count = in.u32() + 1;
        long inodeBlock = in.u32();
        in.u32();
        left -= HEADER_BYTES;
        if (count > MAX_RUN_ENTRIES) {
            throw new RootfsFormatException("directory header claims " + count + " entries (maximum 256)");
        }
        for (long i = 0; i < count; i++) {
            if (left < ENTRY_BYTES) {
                throw new RootfsFormatException("directory listing ends inside an entry");
            }
            int offset = in.u16();
            in.u16();
            int type = in.u16();
            int nameSize = in.u16() + 1;
            left -= ENTRY_BYTES;
            if (nameSize > MAX_NAME_BYTES || nameSize > left) {
                throw new RootfsFormatException("directory entry name of " + nameSize + " bytes does not fit");
            }
            byte[] name = new byte[nameSize];
            in.read(name, 0, nameSize);
            left -= nameSize;
            entries.add(new Entry(validName(name), type, inodeBlock << 16 | offset));
        }
        return left;
    }

    private static String validName(byte[] bytes) throws RootfsFormatException {
        String name = new String(bytes, StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == '/' || b == 0) {
                throw new RootfsFormatException("directory entry name contains '/' or NUL");
            }
        }
        if (name.equals(".") || name.equals("..")) {
            throw new RootfsFormatException("directory entry named " + name);
        }
        return name;
    }
}

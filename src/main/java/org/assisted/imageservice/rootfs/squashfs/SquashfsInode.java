package org.assisted.imageservice.rootfs.squashfs;

import java.io.IOException;

import org.assisted.imageservice.rootfs.RootfsFormatException;

/** The inode kinds the reader acts on; symlinks, devices, FIFOs and sockets are {@link Other}. */
sealed interface SquashfsInode {

    int BASIC_DIRECTORY = 1;
    int BASIC_FILE = 2;
    int EXTENDED_DIRECTORY = 8;
    int EXTENDED_FILE = 9;
    long NO_FRAGMENT = 0xFFFFFFFFL;
    int COMMON_HEADER_BYTES = 16;

    /**
     * @param listingBlock  directory table block offset, relative to the directory table start
     * @param listingOffset offset of the listing inside that decompressed block
     * @param listingSize   listing length in bytes (the stored size minus 3 for "." and "..")
     */
    record Directory(long listingBlock, int listingOffset, long listingSize) implements SquashfsInode {
    }

    /**
     * @param dataStart      image offset of the first data block
     * @param fileSize       file length in bytes
     * @param fragmentIndex  fragment table index of the tail, or {@link #NO_FRAGMENT}
     * @param fragmentOffset offset of the tail inside the decompressed fragment block
     * @param blockSizes     cursor positioned at the u32 block size list that follows the inode
     */
    record File(long dataStart, long fileSize, long fragmentIndex, long fragmentOffset,
            SquashfsMetadata.Cursor blockSizes) implements SquashfsInode {
    }

    record Other(int type) implements SquashfsInode {
    }

    /** Reads the inode at {@code ref} (inode table block offset &lt;&lt; 16 | offset in block). */
    static SquashfsInode read(SquashfsMetadata metadata, SquashfsSuperblock sb, long ref) throws IOException {
        long block = ref >>> 16;
        int offset = (int) (ref & 0xFFFF);
        long tableLength = sb.directoryTableStart() - sb.inodeTableStart();
        if (block >= tableLength) {
            throw new RootfsFormatException("inode reference " + Long.toHexString(ref) + " points past the inode table");
        }
        SquashfsMetadata.Cursor in = metadata.cursor(sb.inodeTableStart() + block, offset,
                sb.inodeTableStart(), sb.directoryTableStart());
        int type = in.u16();
        in.skip(COMMON_HEADER_BYTES - 2);
        return switch (type) {
            case BASIC_DIRECTORY -> basicDirectory(in);
            case EXTENDED_DIRECTORY -> extendedDirectory(in);
            case BASIC_FILE -> basicFile(in);
            case EXTENDED_FILE -> extendedFile(in);
            default -> new Other(type);
        };
    }

    private static Directory basicDirectory(SquashfsMetadata.Cursor in) throws IOException {
        long listingBlock = in.u32();
        in.u32();
        int size = in.u16();
        int offset = in.u16();
        return directory(listingBlock, offset, size);
    }

    private static Directory extendedDirectory(SquashfsMetadata.Cursor in) throws IOException {
        in.u32();
        long size = in.u32();
        long listingBlock = in.u32();
        in.u32();
        in.u16();
        int offset = in.u16();
        return directory(listingBlock, offset, size);
    }

    private static Directory directory(long listingBlock, int offset, long storedSize) throws RootfsFormatException {
        if (storedSize < 3) {
            throw new RootfsFormatException("directory inode has size " + storedSize + " (minimum 3)");
        }
        return new Directory(listingBlock, offset, storedSize - 3);
    }

    private static File basicFile(SquashfsMetadata.Cursor in) throws IOException {
        long start = in.u32();
        long fragment = in.u32();
        long fragmentOffset = in.u32();
        long size = in.u32();
        return new File(start, size, fragment, fragmentOffset, in);
    }

    private static File extendedFile(SquashfsMetadata.Cursor in) throws IOException {
        long start = in.u64();
        long size = in.u64();
        in.u64();
        in.u32();
        long fragment = in.u32();
        long fragmentOffset = in.u32();
        in.u32();
        return new File(start, size, fragment, fragmentOffset, in);
    }
}

package org.assisted.imageservice.rootfs.squashfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.assisted.imageservice.rootfs.RootfsFormatException;

/**
 * The 96-byte squashfs 4.0 superblock (little endian), validated against the image length so every
 * table start it yields lies inside the image.
 *
 * @param blockSize           data block size in bytes, a power of two in [4 KiB, 1 MiB]
 * @param fragmentCount       number of fragment table entries
 * @param codec               block compressor
 * @param rootInodeRef        root directory inode reference (block offset &lt;&lt; 16 | offset)
 * @param bytesUsed           bytes of the image in use; every structure lies below it
 * @param inodeTableStart     offset of the inode table
 * @param directoryTableStart offset of the directory table (end of the inode table)
 * @param directoryTableEnd   first table start after the directory table, or {@code bytesUsed}
 * @param fragmentTableStart  offset of the fragment lookup table (u64 metadata block offsets)
 */
record SquashfsSuperblock(int blockSize, long fragmentCount, SquashfsCodec codec, long rootInodeRef,
        long bytesUsed, long inodeTableStart, long directoryTableStart, long directoryTableEnd,
        long fragmentTableStart) {

    static final int SUPERBLOCK_BYTES = 96;
    static final int FRAGMENTS_PER_METADATA_BLOCK = 512;
    private static final int MAGIC = 0x73717368;
    private static final int MIN_BLOCK_BYTES = 4096;
    private static final int MAX_BLOCK_BYTES = 1 << 20;

    static SquashfsSuperblock parse(byte[] bytes, long imageLength) throws RootfsFormatException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != MAGIC) {
            throw new RootfsFormatException("no squashfs magic at the start of the image");
        }
        int major = Short.toUnsignedInt(b.getShort(28));
        int minor = Short.toUnsignedInt(b.getShort(30));
        if (major != 4 || minor != 0) {
            throw new RootfsFormatException("squashfs version " + major + "." + minor + " is not supported (need 4.0)");
        }
        int blockSize = blockSize(b);
        SquashfsCodec codec = SquashfsCodec.forId(Short.toUnsignedInt(b.getShort(20)));
        long bytesUsed = b.getLong(40);
        if (bytesUsed < SUPERBLOCK_BYTES || bytesUsed > imageLength) {
            throw new RootfsFormatException("squashfs claims " + bytesUsed + " bytes used but the image has "
                    + imageLength + " bytes");
        }
        long inodeTable = b.getLong(64);
        long directoryTable = b.getLong(72);
        if (inodeTable < SUPERBLOCK_BYTES || directoryTable <= inodeTable || directoryTable >= bytesUsed) {
            throw new RootfsFormatException("squashfs inode table at " + inodeTable + " and directory table at "
                    + directoryTable + " do not fit in " + bytesUsed + " bytes");
        }
        long fragmentCount = Integer.toUnsignedLong(b.getInt(16));
        long fragmentTable = b.getLong(80);
        checkFragmentTable(fragmentCount, fragmentTable, directoryTable, bytesUsed);
        return new SquashfsSuperblock(blockSize, fragmentCount, codec, b.getLong(32), bytesUsed,
                inodeTable, directoryTable, directoryTableEnd(b, directoryTable, bytesUsed), fragmentTable);
    }

    private static int blockSize(ByteBuffer b) throws RootfsFormatException {
        int blockSize = b.getInt(12);
        int blockLog = Short.toUnsignedInt(b.getShort(22));
        if (blockSize < MIN_BLOCK_BYTES || blockSize > MAX_BLOCK_BYTES || Integer.bitCount(blockSize) != 1
                || 1 << blockLog != blockSize) {
            throw new RootfsFormatException("invalid squashfs block size " + Integer.toUnsignedString(blockSize)
                    + " (block log " + blockLog + ")");
        }
        return blockSize;
    }

    private static void checkFragmentTable(long count, long start, long directoryTable, long bytesUsed)
            throws RootfsFormatException {
        long lookupBytes = (count + FRAGMENTS_PER_METADATA_BLOCK - 1) / FRAGMENTS_PER_METADATA_BLOCK * Long.BYTES;
        if (count > 0 && (start <= directoryTable || start > bytesUsed - lookupBytes)) {
            throw new RootfsFormatException("squashfs fragment table at " + start + " for " + count
                    + " fragments does not fit in " + bytesUsed + " bytes");
        }
    }

    /** The directory table ends where the next table (fragment, export, id or xattr) starts. */
    private static long directoryTableEnd(ByteBuffer b, long directoryTable, long bytesUsed) {
        long end = bytesUsed;
        for (int field = 48; field <= 88; field += 8) {
            long start = b.getLong(field);
            if (start > directoryTable && start < end) {
                end = start;
            }
        }
        return end;
    }
}

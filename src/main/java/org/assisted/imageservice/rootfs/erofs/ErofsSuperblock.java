package org.assisted.imageservice.rootfs.erofs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The fields of the 128-byte EROFS superblock at image offset 1024 that reading files needs.
 *
 * @param blockBits log2 of the block size in bytes
 * @param rootNid node number of the root directory
 * @param metaOffset image offset of the metadata area where node numbers count 32-byte slots
 * @param featureIncompat incompatible feature bits
 * @param packedNid node number of the packed inode holding fragments, or -1 if none
 */
record ErofsSuperblock(int blockBits, long rootNid, long metaOffset, int featureIncompat, long packedNid) {

    static final long SUPERBLOCK_OFFSET_BYTES = 1024;
    static final int SUPERBLOCK_BYTES = 128;
    static final int MAGIC = 0xE0F5E1E2;
    static final int FEATURE_ZERO_PADDING = 0x01;
    static final int FEATURE_FRAGMENTS = 0x20;
    /* zero padding, big pcluster, chunked files, device table / head2, ztailpacking, fragments / dedupe,
       xattr prefixes */
    private static final int SUPPORTED_INCOMPAT = 0x7F;
    private static final int MIN_BLOCK_BITS = 9;
    private static final int MAX_BLOCK_BITS = 16;

    static ErofsSuperblock read(ErofsSource source) throws IOException {
        if (source.length() < SUPERBLOCK_OFFSET_BYTES + SUPERBLOCK_BYTES) {
            throw new ErofsFormatException("image of " + source.length()
                    + " bytes is too small for an EROFS superblock");
        }
        ByteBuffer sb = source.readLittleEndian(SUPERBLOCK_OFFSET_BYTES, SUPERBLOCK_BYTES);
        int magic = sb.getInt(0);
        if (magic != MAGIC) {
            throw new ErofsFormatException(String.format(Locale.ROOT, "bad EROFS magic 0x%08X at offset %d",
                    magic, SUPERBLOCK_OFFSET_BYTES));
        }
        int blockBits = sb.get(12) & 0xFF;
        if (blockBits < MIN_BLOCK_BITS || blockBits > MAX_BLOCK_BITS) {
            throw new ErofsFormatException("unsupported EROFS block size 2^" + blockBits);
        }
        int incompat = sb.getInt(80);
        if ((incompat & ~SUPPORTED_INCOMPAT) != 0) {
            throw new ErofsFormatException(String.format(Locale.ROOT, "unsupported EROFS incompatible features 0x%X",
                    incompat & ~SUPPORTED_INCOMPAT));
        }
        int dirBlockBits = sb.get(90) & 0xFF;
        if (dirBlockBits != 0) {
            throw new ErofsFormatException("unsupported EROFS directory block size shift " + dirBlockBits);
        }
        long metaOffset = Integer.toUnsignedLong(sb.getInt(40)) << blockBits;
        if (metaOffset >= source.length()) {
            throw new ErofsFormatException("EROFS metadata offset " + metaOffset + " lies outside the image");
        }
        long packedNid = sb.getLong(96);
        boolean hasPacked = (incompat & FEATURE_FRAGMENTS) != 0 && packedNid != 0;
        return new ErofsSuperblock(blockBits, sb.getShort(14) & 0xFFFF, metaOffset, incompat,
                hasPacked ? packedNid : -1);
    }

    int blockBytes() {
        return 1 << blockBits;
    }

    boolean zeroPadding() {
        return (featureIncompat & FEATURE_ZERO_PADDING) != 0;
    }
}

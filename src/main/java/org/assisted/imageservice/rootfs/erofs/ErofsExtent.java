package org.assisted.imageservice.rootfs.erofs;

/**
 * One logical extent of a compressed EROFS inode: file bytes {@code [offset, offset + length)} come from decoding
 * the physical cluster {@code [physicalOffset, physicalOffset + physicalLength)} (or, for fragments, from the packed
 * inode at {@code physicalOffset}).
 *
 * @param offset file offset of the extent
 * @param length decoded length in bytes
 * @param format one of the {@code FORMAT_*} constants or a compression algorithm number (0 LZ4, 1 LZMA, 2 DEFLATE,
 *     3 ZSTD)
 * @param physicalOffset image offset of the encoded data, or packed-inode offset for {@link #FORMAT_FRAGMENT}
 * @param physicalLength encoded length in bytes (0 for fragments)
 */
record ErofsExtent(long offset, long length, int format, long physicalOffset, long physicalLength) {

    static final int ALGORITHM_LZ4 = 0;
    static final int ALGORITHM_LZMA = 1;
    static final int ALGORITHM_DEFLATE = 2;
    static final int FORMAT_SHIFTED = -1;
    static final int FORMAT_INTERLACED = -2;
    static final int FORMAT_FRAGMENT = -3;

    long end() {
        return offset + length;
    }
}

package org.assisted.imageservice.rootfs.erofs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Copies byte ranges of EROFS inodes of every data layout, decoding compressed extents one at a time. */
final class ErofsDataReader {

    /** Largest physical cluster the kernel accepts (Z_EROFS_PCLUSTER_MAX_SIZE). */
    private static final long MAX_PCLUSTER_BYTES = 1024 * 1024;
    /** Largest decoded extent the kernel accepts (Z_EROFS_PCLUSTER_MAX_DSIZE). */
    private static final long MAX_DECODED_EXTENT_BYTES = 12 * 1024 * 1024;
    private static final int CHUNK_FORMAT_BLOCK_BITS = 0x1F;
    private static final int CHUNK_FORMAT_INDEXES = 0x20;
    private static final long NULL_BLOCK = 0xFFFFFFFFL;
    private static final byte[] ZEROS = new byte[8192];

    private final ErofsSource source;
    private final ErofsSuperblock sb;
    private ErofsInode packedInode;
    /* fragments of many small files share one packed-inode cluster: keep the last decoded cluster */
    private ErofsExtent decodedCluster;
    private byte[] decoded = new byte[0];

    ErofsDataReader(ErofsSource source, ErofsSuperblock sb) {
        this.source = source;
        this.sb = sb;
    }

    /** Reads a whole inode of at most {@code maxBytes} bytes into memory (directories). */
    byte[] readAll(ErofsInode inode, long maxBytes) throws IOException {
        if (inode.size() > maxBytes) {
            throw new ErofsFormatException("EROFS nid " + inode.nid() + " is " + inode.size()
                    + " bytes, more than the " + maxBytes + " allowed");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) inode.size());
        copy(inode, 0, inode.size(), out);
        return out.toByteArray();
    }

    /** Writes file bytes {@code [position, position + length)} of {@code inode} to {@code out}. */
    void copy(ErofsInode inode, long position, long length, OutputStream out) throws IOException {
        if (position < 0 || length < 0 || position > inode.size() || length > inode.size() - position) {
            throw new ErofsFormatException("range of " + length + " bytes at " + position + " lies outside the "
                    + inode.size() + "-byte EROFS nid " + inode.nid());
        }
        switch (inode.layout()) {
            case ErofsInode.LAYOUT_FLAT_PLAIN -> copyFlat(inode, position, length, out, false);
            case ErofsInode.LAYOUT_FLAT_INLINE -> copyFlat(inode, position, length, out, true);
            case ErofsInode.LAYOUT_CHUNK_BASED -> copyChunked(inode, position, length, out);
            default -> copyCompressed(inode, position, length, out);
        }
    }

    private void copyFlat(ErofsInode inode, long position, long length, OutputStream out, boolean inline)
            throws IOException {
        long blockBytes = sb.blockBytes();
        long blocks = (inode.size() + blockBytes - 1) >> sb.blockBits();
        long blockedBytes = inline ? (blocks == 0 ? 0 : (blocks - 1) << sb.blockBits()) : inode.size();
        long start = Integer.toUnsignedLong(inode.union()) << sb.blockBits();
        long end = position + length;
        if (position < blockedBytes) {
            long n = Math.min(end, blockedBytes) - position;
            source.checkRange(start, blockedBytes);
            source.copy(start + position, n, out);
            position += n;
        }
        if (position < end) {
            long tail = inode.tailOffset();
            long tailLength = inode.size() - blockedBytes;
            if ((tail & (blockBytes - 1)) + tailLength > blockBytes) {
                throw new ErofsFormatException("inline tail of " + tailLength + " bytes at offset " + tail
                        + " of EROFS nid " + inode.nid() + " crosses a block boundary");
            }
            source.copy(tail + position - blockedBytes, end - position, out);
        }
    }

    private void copyChunked(ErofsInode inode, long position, long length, OutputStream out) throws IOException {
        int format = inode.union() & 0xFFFF;
        if ((format & ~(CHUNK_FORMAT_BLOCK_BITS | CHUNK_FORMAT_INDEXES)) != 0) {
            throw new ErofsFormatException("unsupported chunk format 0x" + Integer.toHexString(format)
                    + " of EROFS nid " + inode.nid());
        }
        int chunkBits = sb.blockBits() + (format & CHUNK_FORMAT_BLOCK_BITS);
        if (chunkBits > 40) {
            throw new ErofsFormatException("chunk size 2^" + chunkBits + " of EROFS nid " + inode.nid());
        }
        int entryBytes = (format & CHUNK_FORMAT_INDEXES) != 0 ? 8 : 4;
        long table = ErofsLclusterIndexes.alignUp(inode.tailOffset(), entryBytes);
        long end = position + length;
        while (position < end) {
            long chunk = position >> chunkBits;
            long inChunk = position - (chunk << chunkBits);
            long n = Math.min(end - position, (1L << chunkBits) - inChunk);
            ByteBuffer entry = source.readLittleEndian(table + chunk * entryBytes, entryBytes);
            long block = Integer.toUnsignedLong(entry.getInt(entryBytes - 4));
            if (entryBytes == 8 && entry.getShort(2) != 0) {
                throw new ErofsFormatException("chunk " + chunk + " of EROFS nid " + inode.nid()
                        + " lives on extra device " + (entry.getShort(2) & 0xFFFF) + ", which is unsupported");
            }
            if (block == NULL_BLOCK) {
                writeZeros(n, out);
            } else {
                source.copy((block << sb.blockBits()) + inChunk, n, out);
            }
            position += n;
        }
    }

    private void copyCompressed(ErofsInode inode, long position, long length, OutputStream out)
            throws IOException {
        ErofsExtentMap map = ErofsExtentMap.read(source, sb, inode);
        long end = position + length;
        while (position < end) {
            ErofsExtent extent = map.extentAt(position);
            long skip = position - extent.offset();
            long n = Math.min(end, extent.end()) - position;
            if (extent.format() == ErofsExtent.FORMAT_FRAGMENT) {
                copy(packedInode(inode), extent.physicalOffset() + skip, n, out);
            } else {
                decodeExtent(extent, skip, n, out);
            }
            position += n;
        }
    }

    private ErofsInode packedInode(ErofsInode reader) throws IOException {
        if (sb.packedNid() < 0 || reader.nid() == sb.packedNid()) {
            throw new ErofsFormatException("EROFS nid " + reader.nid() + " refers to a fragment but the image "
                    + (sb.packedNid() < 0 ? "has no packed inode" : "would read it from itself"));
        }
        if (packedInode == null) {
            packedInode = ErofsInode.read(source, sb, sb.packedNid());
        }
        return packedInode;
    }

    private void decodeExtent(ErofsExtent extent, long skip, long n, OutputStream out) throws IOException {
        if (extent.physicalLength() > MAX_PCLUSTER_BYTES || extent.length() > MAX_DECODED_EXTENT_BYTES) {
            throw new ErofsFormatException("extent at file offset " + extent.offset() + " ("
                    + extent.physicalLength() + " -> " + extent.length() + " bytes) exceeds EROFS cluster limits");
        }
        boolean uncompressed = extent.format() == ErofsExtent.FORMAT_SHIFTED
                || extent.format() == ErofsExtent.FORMAT_INTERLACED;
        if (uncompressed && extent.length() > extent.physicalLength()) {
            throw new ErofsFormatException("uncompressed extent at file offset " + extent.offset()
                    + " is longer than its " + extent.physicalLength() + "-byte cluster");
        }
        if (extent.format() == ErofsExtent.FORMAT_SHIFTED) {
            source.copy(extent.physicalOffset() + skip, n, out);
            return;
        }
        if (extent.format() == ErofsExtent.FORMAT_INTERLACED) {
            writeInterlaced(extent, source.read(extent.physicalOffset(), extent.physicalLength()), skip, n, out);
            return;
        }
        if (!sameCluster(extent, decodedCluster) || decoded.length < skip + n) {
            decodedCluster = null;
            byte[] in = source.read(extent.physicalOffset(), extent.physicalLength());
            decoded = ErofsDecompressor.decode(extent.format(), in, sb.zeroPadding(), sb.blockBytes(),
                    (int) (skip + n));
            decodedCluster = extent;
        }
        out.write(decoded, (int) skip, (int) n);
    }

    private static boolean sameCluster(ErofsExtent a, ErofsExtent b) {
        return b != null && a.physicalOffset() == b.physicalOffset() && a.physicalLength() == b.physicalLength()
                && a.format() == b.format();
    }

    /** Interlaced uncompressed clusters keep each byte at its in-block file position, rotated around the cluster. */
    private void writeInterlaced(ErofsExtent extent, byte[] in, long skip, long n, OutputStream out)
            throws IOException {
        int blockBytes = sb.blockBytes();
        int headLength = blockBytes - (int) (extent.offset() & (blockBytes - 1));
        int rotation = in.length - headLength;
        if (rotation < 0) {
            throw new ErofsFormatException("interlaced cluster of " + in.length + " bytes is smaller than a block");
        }
        int from = (int) skip;
        int to = (int) (skip + n);
        if (from < headLength) {
            out.write(in, rotation + from, Math.min(to, headLength) - from);
        }
        if (to > headLength) {
            int start = Math.max(from, headLength);
            out.write(in, start - headLength, to - start);
        }
    }

    private static void writeZeros(long n, OutputStream out) throws IOException {
        for (long left = n; left > 0; left -= ZEROS.length) {
            out.write(ZEROS, 0, (int) Math.min(left, ZEROS.length));
        }
    }
}

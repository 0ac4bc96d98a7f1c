package org.assisted.imageservice.rootfs.erofs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads the full (8-byte) or compact (4B/2B packed) logical-cluster indexes of one compressed inode. */
final class ErofsLclusterIndexes {

    static final int ADVISE_COMPACTED_2B = 0x01;
    static final int ADVISE_BIG_PCLUSTER_1 = 0x02;
    static final int ADVISE_BIG_PCLUSTER_2 = 0x04;
    static final int MAP_HEADER_BYTES = 8;
    private static final int CBLKCNT = 1 << 11;
    private static final int FULL_INDEX_BYTES = 8;
    private static final int COMPACT_2B_PACK = 16;
    private static final int COMPACT_ALIGN_BYTES = 32;

    private final ErofsSource source;
    private final ErofsInode inode;
    private final int lclusterBits;
    private final int advise;
    private final long indexBase;
    private final long totalIndexes;
    private final int blockBytes;
    private long cachedBlockOffset = -1;
    private ByteBuffer cachedBlock;

    ErofsLclusterIndexes(ErofsSource source, ErofsSuperblock sb, ErofsInode inode, int lclusterBits, int advise) {
        this.source = source;
        this.inode = inode;
        this.lclusterBits = lclusterBits;
        this.advise = advise;
        this.blockBytes = sb.blockBytes();
        long headerOffset = alignUp(inode.tailOffset(), 8);
        this.indexBase = inode.layout() == ErofsInode.LAYOUT_COMPRESSED_FULL
                ? headerOffset + MAP_HEADER_BYTES + FULL_INDEX_BYTES
                : headerOffset + MAP_HEADER_BYTES;
        this.totalIndexes = (inode.size() + blockBytes - 1) >> sb.blockBits();
    }

    ErofsLclusterIndex load(long lcn, boolean lookahead) throws IOException {
        if (lcn < 0 || lcn >= totalIndexes) {
            throw new ErofsFormatException("lcluster " + lcn + " of EROFS nid " + inode.nid()
                    + " is beyond its " + totalIndexes + " indexes");
        }
        return inode.layout() == ErofsInode.LAYOUT_COMPRESSED_FULL ? loadFull(lcn) : loadCompact(lcn, lookahead);
    }

    private ErofsLclusterIndex loadFull(long lcn) throws IOException {
        long pos = indexBase + lcn * FULL_INDEX_BYTES;
        ByteBuffer block = block(pos, FULL_INDEX_BYTES);
        int at = (int) (pos - cachedBlockOffset);
        int di = block.getShort(at) & 0xFFFF;
        int type = di & 3;
        long next = pos + FULL_INDEX_BYTES;
        if (type == ErofsLclusterIndex.TYPE_NONHEAD) {
            int delta0 = block.getShort(at + 4) & 0xFFFF;
            int delta1 = block.getShort(at + 6) & 0xFFFF;
            int cblocks = 0;
            if ((delta0 & CBLKCNT) != 0) {
                requireBigPcluster(advise & (ADVISE_BIG_PCLUSTER_1 | ADVISE_BIG_PCLUSTER_2), lcn);
                cblocks = delta0 & ~CBLKCNT;
                delta0 = 1;
            }
            return new ErofsLclusterIndex(lcn, type, 1 << lclusterBits, 0, delta0, delta1, cblocks, next);
        }
        int clusterOffset = block.getShort(at + 2) & 0xFFFF;
        if (clusterOffset >= 1 << lclusterBits) {
            throw corrupt(lcn, "cluster offset " + clusterOffset);
        }
        long blockAddress = Integer.toUnsignedLong(block.getInt(at + 4));
        return new ErofsLclusterIndex(lcn, type, clusterOffset, blockAddress, 0, 0, 0, next);
    }

    private ErofsLclusterIndex loadCompact(long lcn, boolean lookahead) throws IOException {
        long initial4b = (COMPACT_ALIGN_BYTES - indexBase % COMPACT_ALIGN_BYTES) / 4;
        if (initial4b == COMPACT_ALIGN_BYTES / 4) {
            initial4b = 0;
        }
        long compacted2b = (advise & ADVISE_COMPACTED_2B) != 0 && initial4b < totalIndexes
                ? (totalIndexes - initial4b) / COMPACT_2B_PACK * COMPACT_2B_PACK : 0;
        long pos = indexBase;
        long rest = lcn;
        int shift = 2;
        if (rest >= initial4b) {
            pos += initial4b * 4;
            rest -= initial4b;
            if (rest < compacted2b) {
                shift = 1;
            } else {
                pos += compacted2b * 2;
                rest -= compacted2b;
            }
        }
        pos += rest << shift;
        return unpackCompact(lcn, shift, pos, lookahead);
    }

    private ErofsLclusterIndex unpackCompact(long lcn, int shift, long pos, boolean lookahead) throws IOException {
        int vcnt;
        if (shift == 2 && lclusterBits <= 14) {
            vcnt = 2;
        } else if (shift == 1 && lclusterBits == 12) {
            vcnt = 16;
        } else {
            throw new ErofsFormatException("unsupported compact index for lcluster size 2^" + lclusterBits
                    + " of EROFS nid " + inode.nid());
        }
        int packBytes = vcnt << shift;
        long packOffset = pos / packBytes * packBytes;
        ErofsCompactPack pack = new ErofsCompactPack(packBytes, vcnt, lclusterBits, block(packOffset, packBytes),
                (int) (packOffset - cachedBlockOffset));
        int i = (int) ((pos - packOffset) >> shift);
        long next = packOffset + packBytes;
        int lo = pack.lo(i);
        int type = pack.type(i);
        boolean big = (advise & ADVISE_BIG_PCLUSTER_1) != 0;
        if (type == ErofsLclusterIndex.TYPE_NONHEAD) {
            int delta1 = lookahead ? pack.lookaheadDistance(i) : 0;
            int delta0;
            int cblocks = 0;
            if ((lo & CBLKCNT) != 0) {
                requireBigPcluster(big ? 1 : 0, lcn);
                cblocks = lo & ~CBLKCNT;
                delta0 = 1;
            } else if (i + 1 != vcnt) {
                delta0 = lo;
            } else {
                int previous = pack.type(i - 1) != ErofsLclusterIndex.TYPE_NONHEAD ? 0
                        : (pack.lo(i - 1) & CBLKCNT) != 0 ? 1 : pack.lo(i - 1);
                delta0 = previous + 1;
            }
            return new ErofsLclusterIndex(lcn, type, 1 << lclusterBits, 0, delta0, delta1, cblocks, next);
        }
        long blocks = big ? pack.blocksBeforeBig(i, lcn, inode.nid()) : pack.blocksBefore(i);
        return new ErofsLclusterIndex(lcn, type, lo, pack.baseBlock() + blocks, 0, 0, 0, next);
    }

    private void requireBigPcluster(int bigFlags, long lcn) throws ErofsFormatException {
        if (bigFlags == 0) {
            throw corrupt(lcn, "CBLKCNT without big pcluster");
        }
    }

    private ErofsFormatException corrupt(long lcn, String what) {
        return new ErofsFormatException("bad " + what + " in lcluster " + lcn + " of EROFS nid " + inode.nid());
    }

    /** The cached image block holding {@code [pos, pos + size)}; index entries and packs never cross blocks. */
    private ByteBuffer block(long pos, int size) throws IOException {
        source.checkRange(pos, size);
        long blockOffset = pos / blockBytes * blockBytes;
        if (blockOffset != cachedBlockOffset) {
            long blockSize = Math.min(blockBytes, source.length() - blockOffset);
            cachedBlock = ByteBuffer.wrap(source.read(blockOffset, blockSize)).order(ByteOrder.LITTLE_ENDIAN);
            cachedBlockOffset = blockOffset;
        }
        return cachedBlock;
    }

    static long alignUp(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}

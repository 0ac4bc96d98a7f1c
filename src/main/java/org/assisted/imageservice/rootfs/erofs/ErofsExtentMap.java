package org.assisted.imageservice.rootfs.erofs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

/** Maps file offsets of one compressed EROFS inode to extents, following its map header and lcluster indexes. */
final class ErofsExtentMap {

    private static final int ADVISE_INLINE_PCLUSTER = 0x08;
    private static final int ADVISE_INTERLACED_PCLUSTER = 0x10;
    private static final int ADVISE_FRAGMENT_PCLUSTER = 0x20;
    private static final int ADVISE_KNOWN = 0x3F;
    private static final int FRAGMENT_INODE_BIT = 0x80;
    private static final int MAX_ALGORITHM = 3;

    private final ErofsSuperblock sb;
    private final ErofsInode inode;
    private final int advise;
    private final int[] algorithms = new int[2];
    private final int lclusterBits;
    private final ErofsLclusterIndexes indexes;
    private long fragmentOffset;
    private boolean wholeFileFragment;
    private long tailHeadLcn = -1;
    private long inlineOffset;
    private int inlineSize;

    private ErofsExtentMap(ErofsSuperblock sb, ErofsInode inode, int advise, int lclusterBits,
                           ErofsLclusterIndexes indexes) {
        this.sb = sb;
        this.inode = inode;
        this.advise = advise;
        this.lclusterBits = lclusterBits;
        this.indexes = indexes;
    }

    static ErofsExtentMap read(ErofsSource source, ErofsSuperblock sb, ErofsInode inode) throws IOException {
        long headerOffset = ErofsLclusterIndexes.alignUp(inode.tailOffset(), 8);
        ByteBuffer h = source.readLittleEndian(headerOffset, ErofsLclusterIndexes.MAP_HEADER_BYTES);
        int clusterBits = h.get(7) & 0xFF;
        if ((clusterBits & FRAGMENT_INODE_BIT) != 0) {
            ErofsExtentMap map = new ErofsExtentMap(sb, inode, ADVISE_FRAGMENT_PCLUSTER, sb.blockBits(), null);
            map.wholeFileFragment = true;
            map.fragmentOffset = h.getLong(0) & Long.MAX_VALUE;
            return map;
        }
        int advise = h.getShort(4) & 0xFFFF;
        if ((advise & ~ADVISE_KNOWN) != 0) {
            throw new ErofsFormatException(String.format(Locale.ROOT, "unsupported compression advise 0x%X of EROFS nid %d",
                    advise, inode.nid()));
        }
        int lclusterBits = sb.blockBits() + (clusterBits & 7);
        ErofsExtentMap map = new ErofsExtentMap(sb, inode, advise, lclusterBits,
                new ErofsLclusterIndexes(source, sb, inode, lclusterBits, advise));
        map.algorithms[0] = h.get(6) & 0xF;
        map.algorithms[1] = (h.get(6) & 0xFF) >>> 4;
        map.validate();
        if ((advise & ADVISE_INLINE_PCLUSTER) != 0) {
            map.inlineSize = h.getShort(2) & 0xFFFF;
            map.findTail();
        }
        if ((advise & ADVISE_FRAGMENT_PCLUSTER) != 0) {
            map.fragmentOffset = Integer.toUnsignedLong(h.getInt(0));
            ErofsLclusterIndex head = map.findTail();
            if (inode.layout() == ErofsInode.LAYOUT_COMPRESSED_FULL) {
                map.fragmentOffset |= head.block() << 32;
            }
            map.wholeFileFragment = map.tailHeadLcn == 0;
        }
        return map;
    }

    private void validate() throws ErofsFormatException {
        if (algorithms[0] > MAX_ALGORITHM || algorithms[1] > MAX_ALGORITHM) {
            throw new ErofsFormatException("unknown compression algorithms " + algorithms[0] + "/" + algorithms[1]
                    + " of EROFS nid " + inode.nid());
        }
        int big1 = advise & ErofsLclusterIndexes.ADVISE_BIG_PCLUSTER_1;
        int big2 = advise & ErofsLclusterIndexes.ADVISE_BIG_PCLUSTER_2;
        if (inode.layout() == ErofsInode.LAYOUT_COMPRESSED_COMPACT && (big1 == 0) != (big2 == 0)) {
            throw new ErofsFormatException("inconsistent big pcluster flags of EROFS nid " + inode.nid());
        }
    }

    boolean usesPackedInode() {
        return (advise & ADVISE_FRAGMENT_PCLUSTER) != 0;
    }

    /** The whole extent holding file offset {@code position} ({@code 0 <= position < size}). */
    ErofsExtent extentAt(long position) throws IOException {
        if (wholeFileFragment) {
            return new ErofsExtent(0, inode.size(), ErofsExtent.FORMAT_FRAGMENT, fragmentOffset, 0);
        }
        ErofsLclusterIndex head = headOf(position);
        long start = (head.lcn() << lclusterBits) | head.clusterOffset();
        long length = decodedLength(head, start);
        if (position < start || position - start >= length) {
            throw new ErofsFormatException("EROFS nid " + inode.nid() + " maps offset " + position
                    + " to extent [" + start + ", " + (start + length) + ")");
        }
        if ((advise & ADVISE_INLINE_PCLUSTER) != 0 && head.lcn() == tailHeadLcn) {
            return new ErofsExtent(start, length, format(head), inlineOffset, inlineSize);
        }
        if ((advise & ADVISE_FRAGMENT_PCLUSTER) != 0 && head.lcn() == tailHeadLcn) {
            return new ErofsExtent(start, length, ErofsExtent.FORMAT_FRAGMENT, fragmentOffset, 0);
        }
        long physicalLength = (long) compressedBlocks(head) << sb.blockBits();
        return new ErofsExtent(start, length, format(head), head.block() << sb.blockBits(), physicalLength);
    }

    private int format(ErofsLclusterIndex head) {
        return switch (head.type()) {
            case ErofsLclusterIndex.TYPE_PLAIN -> (advise & ADVISE_INTERLACED_PCLUSTER) != 0
                    ? ErofsExtent.FORMAT_INTERLACED : ErofsExtent.FORMAT_SHIFTED;
            case ErofsLclusterIndex.TYPE_HEAD2 -> algorithms[1];
            default -> algorithms[0];
        };
    }

    private ErofsLclusterIndex findTail() throws IOException {
        ErofsLclusterIndex last = indexes.load((inode.size() - 1) >> lclusterBits, false);
        inlineOffset = last.nextPackOffset();
        ErofsLclusterIndex head = headOf(inode.size() - 1);
        tailHeadLcn = head.lcn();
        if ((advise & ADVISE_INLINE_PCLUSTER) != 0 && (inlineSize == 0
                || (inlineOffset & (sb.blockBytes() - 1)) + inlineSize > sb.blockBytes())) {
            throw new ErofsFormatException("bad tail-packing cluster of " + inlineSize + " bytes at offset "
                    + inlineOffset + " of EROFS nid " + inode.nid());
        }
        return head;
    }

    /** Follows the lcluster of {@code position} back to the head lcluster where its extent starts. */
    private ErofsLclusterIndex headOf(long position) throws IOException {
        if (inode.size() == 0) {
            throw new ErofsFormatException("empty compressed EROFS nid " + inode.nid());
        }
        long lcn = position >> lclusterBits;
        long inCluster = position & ((1L << lclusterBits) - 1);
        ErofsLclusterIndex index = indexes.load(lcn, false);
        long back;
        if (index.isHead()) {
            if (inCluster >= index.clusterOffset()) {
                return index;
            }
            back = 1;
        } else {
            back = index.delta0();
        }
        while (true) {
            if (back == 0 || back > index.lcn()) {
                throw new ErofsFormatException("bad lookback distance " + back + " at lcluster " + index.lcn()
                        + " of EROFS nid " + inode.nid());
            }
            index = indexes.load(index.lcn() - back, false);
            if (index.isHead()) {
                return index;
            }
            back = index.delta0();
        }
    }

    private int compressedBlocks(ErofsLclusterIndex head) throws IOException {
        boolean big = head.type() == ErofsLclusterIndex.TYPE_HEAD1
                ? (advise & ErofsLclusterIndexes.ADVISE_BIG_PCLUSTER_1) != 0
                : head.type() == ErofsLclusterIndex.TYPE_HEAD2
                        && (advise & ErofsLclusterIndexes.ADVISE_BIG_PCLUSTER_2) != 0;
        int perLcluster = 1 << (lclusterBits - sb.blockBits());
        if (!big) {
            return perLcluster;
        }
        ErofsLclusterIndex next = indexes.load(head.lcn() + 1, false);
        if (next.isHead()) {
            return perLcluster;
        }
        if (next.delta0() != 1 || next.compressedBlocks() == 0) {
            throw new ErofsFormatException("missing CBLKCNT at lcluster " + next.lcn() + " of EROFS nid "
                    + inode.nid());
        }
        return next.compressedBlocks();
    }

    /** Walks forward from the head to the next head lcluster (or EOF) to get the decoded extent length. */
    private long decodedLength(ErofsLclusterIndex head, long start) throws IOException {
        long lcn = head.lcn();
        while (true) {
            if (lcn << lclusterBits >= inode.size()) {
                return inode.size() - start;
            }
            ErofsLclusterIndex index = indexes.load(lcn, true);
            long step;
            if (!index.isHead()) {
                step = index.delta1();
            } else if (lcn != head.lcn()) {
                return (lcn << lclusterBits) + index.clusterOffset() - start;
            } else {
                step = 1;
            }
            if (step == 0) {
                return (lcn << lclusterBits) + index.clusterOffset() - start;
            }
            lcn += step;
        }
    }
}

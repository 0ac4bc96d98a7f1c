package org.assisted.imageservice.rootfs.erofs;

import java.nio.ByteBuffer;

/**
 * One pack of compact lcluster indexes: {@code vcnt} bit-packed entries of {@code lclusterBits} low bits plus a
 * 2-bit type, followed by the little-endian start block of the pack's first physical cluster.
 */
final class ErofsCompactPack {

    private static final int CBLKCNT = 1 << 11;

    private final int vcnt;
    private final int lclusterBits;
    private final int encodeBits;
    private final ByteBuffer buffer;
    private final int start;
    private final int packBytes;

    ErofsCompactPack(int packBytes, int vcnt, int lclusterBits, ByteBuffer buffer, int start) {
        this.vcnt = vcnt;
        this.lclusterBits = lclusterBits;
        this.encodeBits = (packBytes - 4) * 8 / vcnt;
        this.buffer = buffer;
        this.start = start;
        this.packBytes = packBytes;
    }

    int lo(int i) {
        return raw(i) & ((1 << lclusterBits) - 1);
    }

    int type(int i) {
        return (raw(i) >>> lclusterBits) & 3;
    }

    long baseBlock() {
        return Integer.toUnsignedLong(buffer.getInt(start + packBytes - 4));
    }

    /** Distance to the next head after non-head entry {@code i}, as far as this pack tells. */
    int lookaheadDistance(int i) {
        int distance = 0;
        int lo = 0;
        for (int j = i; j < vcnt; j++) {
            if (type(j) != ErofsLclusterIndex.TYPE_NONHEAD) {
                return distance;
            }
            lo = lo(j);
            distance++;
        }
        if ((lo & CBLKCNT) == 0) {
            distance += lo - 1;
        }
        return distance;
    }

    /** Blocks taken by the physical clusters before head entry {@code i} when every pcluster is one block. */
    long blocksBefore(int i) {
        long blocks = 1;
        int j = i;
        while (j > 0) {
            j--;
            if (type(j) == ErofsLclusterIndex.TYPE_NONHEAD) {
                j -= lo(j);
            }
            if (j >= 0) {
                blocks++;
            }
        }
        return blocks;
    }

    /** Blocks taken by the physical clusters before head entry {@code i} with big pclusters (CBLKCNT counts). */
    long blocksBeforeBig(int i, long lcn, long nid) throws ErofsFormatException {
        long blocks = 0;
        int j = i;
        while (j > 0) {
            j--;
            if (type(j) != ErofsLclusterIndex.TYPE_NONHEAD) {
                blocks++;
                continue;
            }
            int lo = lo(j);
            if ((lo & CBLKCNT) != 0) {
                j--;
                blocks += lo & ~CBLKCNT;
            } else if (lo <= 1) {
                throw new ErofsFormatException("bad big-pcluster delta " + lo + " before lcluster " + lcn
                        + " of EROFS nid " + nid);
            } else {
                j -= lo - 2;
            }
        }
        return blocks;
    }

    private int raw(int i) {
        int bit = encodeBits * i;
        int at = start + bit / 8;
        int available = Math.min(4, start + packBytes - at);
        int v = 0;
        for (int k = 0; k < available; k++) {
            v |= (buffer.get(at + k) & 0xFF) << (8 * k);
        }
        return v >>> (bit & 7);
    }
}

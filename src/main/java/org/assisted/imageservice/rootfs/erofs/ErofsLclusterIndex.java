package org.assisted.imageservice.rootfs.erofs;

/**
 * One decoded logical-cluster index of a compressed EROFS inode.
 *
 * @param lcn logical cluster number
 * @param type {@link #TYPE_PLAIN}, {@link #TYPE_HEAD1}, {@link #TYPE_NONHEAD} or {@link #TYPE_HEAD2}
 * @param clusterOffset for heads: where the extent starts inside this lcluster; for non-heads: the lcluster size
 * @param block for heads: start block of the physical cluster
 * @param delta0 for non-heads: distance back to the head lcluster
 * @param delta1 for non-heads: distance forward to the next head lcluster (0 if unknown)
 * @param compressedBlocks for the first non-head of a big pcluster: its block count, else 0
 * @param nextPackOffset image offset just past the index pack holding this entry
 */
record ErofsLclusterIndex(long lcn, int type, int clusterOffset, long block, int delta0, int delta1,
                          int compressedBlocks, long nextPackOffset) {

    static final int TYPE_PLAIN = 0;
    static final int TYPE_HEAD1 = 1;
    static final int TYPE_NONHEAD = 2;
    static final int TYPE_HEAD2 = 3;

    boolean isHead() {
        return type != TYPE_NONHEAD;
    }
}

package org.assisted.imageservice.rootfs.erofs;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An EROFS on-disk inode, compact (32 bytes) or extended (64 bytes).
 *
 * @param nid node number
 * @param offset image offset of the inode
 * @param headerSize 32 or 64
 * @param xattrSize bytes of inline extended attributes following the inode header
 * @param layout data layout (0 flat plain, 1 compressed full, 2 flat inline, 3 compressed compact, 4 chunk based)
 * @param mode POSIX mode including the file type bits
 * @param size file size in bytes
 * @param union the 32-bit {@code i_u} field: start block, compressed block count or chunk format
 */
record ErofsInode(long nid, long offset, int headerSize, int xattrSize, int layout, int mode, long size, int union) {

    static final int SLOT_BYTES = 32;
    static final int LAYOUT_FLAT_PLAIN = 0;
    static final int LAYOUT_COMPRESSED_FULL = 1;
    static final int LAYOUT_FLAT_INLINE = 2;
    static final int LAYOUT_COMPRESSED_COMPACT = 3;
    static final int LAYOUT_CHUNK_BASED = 4;
    private static final int EXTENDED_BYTES = 64;
    private static final int XATTR_HEADER_BYTES = 12;
    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_DIRECTORY = 0040000;
    private static final int TYPE_REGULAR = 0100000;

    static ErofsInode read(ErofsSource source, ErofsSuperblock sb, long nid) throws IOException {
        long maxNid = (source.length() - sb.metaOffset()) / SLOT_BYTES;
        if (nid < 0 || nid >= maxNid) {
            throw new ErofsFormatException("EROFS nid " + Long.toUnsignedString(nid) + " lies outside the image");
        }
        long offset = sb.metaOffset() + nid * SLOT_BYTES;
        ByteBuffer compact = source.readLittleEndian(offset, SLOT_BYTES);
        int format = compact.getShort(0) & 0xFFFF;
        int layout = (format >> 1) & 0x7;
        if (layout > LAYOUT_CHUNK_BASED) {
            throw new ErofsFormatException("unsupported data layout " + layout + " of EROFS inode at offset " + offset);
        }
        int xattrCount = compact.getShort(2) & 0xFFFF;
        int xattrSize = xattrCount == 0 ? 0 : XATTR_HEADER_BYTES + 4 * (xattrCount - 1);
        int mode = compact.getShort(4) & 0xFFFF;
        if ((format & 1) == 0) {
            long size = Integer.toUnsignedLong(compact.getInt(8));
            return new ErofsInode(nid, offset, SLOT_BYTES, xattrSize, layout, mode, size, compact.getInt(16));
        }
        ByteBuffer extended = source.readLittleEndian(offset, EXTENDED_BYTES);
        long size = extended.getLong(8);
        if (size < 0) {
            throw new ErofsFormatException("EROFS inode at offset " + offset + " has negative size " + size);
        }
        return new ErofsInode(nid, offset, EXTENDED_BYTES, xattrSize, layout, mode, size, extended.getInt(16));
    }

    /** Image offset just past the inode header and its inline xattrs: inline data or index area starts here. */
    long tailOffset() {
        return offset + headerSize + xattrSize;
    }

    boolean isDirectory() {
        return (mode & TYPE_MASK) == TYPE_DIRECTORY;
    }

    boolean isRegularFile() {
        return (mode & TYPE_MASK) == TYPE_REGULAR;
    }
}

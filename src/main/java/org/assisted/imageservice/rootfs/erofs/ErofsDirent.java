package org.assisted.imageservice.rootfs.erofs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One EROFS directory entry.
 *
 * @param name entry name (UTF-8 decoded)
 * @param nid node number of the entry's inode
 * @param fileType {@link #TYPE_REGULAR}, {@link #TYPE_DIRECTORY} or another {@code FT_*} value
 */
record ErofsDirent(String name, long nid, int fileType) {

    static final int TYPE_REGULAR = 1;
    static final int TYPE_DIRECTORY = 2;
    private static final int DIRENT_BYTES = 12;
    private static final int MAX_NAME_BYTES = 255;

    /**
     * Parses directory data: each block starts with 12-byte dirents ({@code nid} u64, {@code nameoff} u16,
     * {@code file_type} u8, reserved u8), the first {@code nameoff} giving their count, then the names, unterminated
     * except for the block's last name which may be NUL-padded.
     */
    static List<ErofsDirent> parse(byte[] data, int blockBytes, long dirNid) throws IOException {
        List<ErofsDirent> entries = new ArrayList<>();
        for (int block = 0; block < data.length; block += blockBytes) {
            int size = Math.min(blockBytes, data.length - block);
            parseBlock(ByteBuffer.wrap(data, block, size).slice().order(ByteOrder.LITTLE_ENDIAN), entries,
                    dirNid, block);
        }
        return entries;
    }

    private static void parseBlock(ByteBuffer b, List<ErofsDirent> entries, long dirNid, int blockOffset)
            throws ErofsFormatException {
        int size = b.capacity();
        if (size < DIRENT_BYTES) {
            throw corrupt(dirNid, blockOffset, "block of " + size + " bytes");
        }
        int firstName = b.getShort(8) & 0xFFFF;
        if (firstName < DIRENT_BYTES || firstName >= size || firstName % DIRENT_BYTES != 0) {
            throw corrupt(dirNid, blockOffset, "first name offset " + firstName);
        }
        int count = firstName / DIRENT_BYTES;
        for (int i = 0; i < count; i++) {
            int at = i * DIRENT_BYTES;
            int nameOffset = b.getShort(at + 8) & 0xFFFF;
            int nameEnd = i + 1 < count ? b.getShort(at + DIRENT_BYTES + 8) & 0xFFFF : terminated(b, nameOffset);
            int length = nameEnd - nameOffset;
            if (nameOffset < firstName || length < 1 || length > MAX_NAME_BYTES || nameEnd > size) {
                throw corrupt(dirNid, blockOffset, "name at " + nameOffset + ".." + nameEnd);
            }
            byte[] name = new byte[length];
            b.get(nameOffset, name);
            entries.add(new ErofsDirent(new String(name, StandardCharsets.UTF_8), b.getLong(at),
                    b.get(at + 10) & 0xFF));
        }
    }

    private static int terminated(ByteBuffer b, int from) {
        int end = Math.min(from, b.capacity());
        while (end < b.capacity() && b.get(end) != 0) {
            end++;
        }
        return end;
    }

    private static ErofsFormatException corrupt(long dirNid, int blockOffset, String what) {
        return new ErofsFormatException("bad directory entry (" + what + ") in block at byte " + blockOffset
                + " of EROFS directory nid " + dirNid);
    }
}

package org.assisted.imageservice.iso.eltorito;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The 56-byte boot info table that mkisofs/xorriso {@code -boot-info-table} writes into a no-emulation boot
 * image at byte offset 8: LE u32 sector of the primary volume descriptor (16), LE u32 sector of the boot image,
 * LE u32 image length in bytes, LE u32 sum of all LE u32 words from byte 64 to the end (a short last word is
 * zero-padded), then 40 zero bytes. Only the written copy is patched, never the source file.
 */
public final class BootInfoTable {

    public static final int OFFSET = 8;
    public static final int TABLE_BYTES = 56;
    public static final int CHECKSUM_START = 64;

    private BootInfoTable() {
    }

    /** Returns a copy of {@code image} with the table filled in. */
    public static byte[] patch(byte[] image, long pvdSector, long imageSector) {
        if (image.length < CHECKSUM_START) {
            throw new IllegalArgumentException("boot image of " + image.length
                    + " bytes is too small for a boot info table (needs " + CHECKSUM_START + ")");
        }
        byte[] patched = Arrays.copyOf(image, image.length);
        ByteBuffer table = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
        table.putInt(OFFSET, (int) pvdSector);
        table.putInt(OFFSET + 4, (int) imageSector);
        table.putInt(OFFSET + 8, image.length);
        table.putInt(OFFSET + 12, checksum(image));
        Arrays.fill(patched, OFFSET + 16, OFFSET + TABLE_BYTES, (byte) 0);
        return patched;
    }

    static int checksum(byte[] image) {
        int sum = 0;
        for (int i = CHECKSUM_START; i < image.length; i += 4) {
            int word = 0;
            for (int b = 0; b < 4 && i + b < image.length; b++) {
                word |= (image[i + b] & 0xFF) << (8 * b);
            }
            sum += word;
        }
        return sum;
    }
}

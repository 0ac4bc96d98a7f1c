package org.assisted.imageservice.iso.eltorito;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.assisted.imageservice.iso.IsoSectors;

/** Encodes the El Torito boot catalog (El Torito 1.0 §2.1–2.4) into one 2048-byte block. */
public final class ElToritoCatalog {

    /** The catalog takes one sector, as it does in the RHCOS images and in what xorriso writes. */
    public static final int CATALOG_BYTES = IsoSectors.SECTOR_BYTES;

    private static final int ENTRY_BYTES = 32;
    private static final int HEADER_VALIDATION = 0x01;
    private static final int BOOTABLE = 0x88;
    private static final int SECTION_HEADER = 0x90;
    private static final int LAST_SECTION_HEADER = 0x91;
    private static final int KEY_BYTE_55 = 0x55;
    private static final int KEY_BYTE_AA = 0xAA;

    private ElToritoCatalog() {
    }

    /**
     * @param entries      catalog entries in order
     * @param imageSectors 2048-byte sector of each entry's boot image, same order
     */
    public static byte[] encode(List<ElToritoEntry> entries, List<Long> imageSectors) {
        ByteBuffer catalog = ByteBuffer.allocate(CATALOG_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        putValidationEntry(catalog, entries.get(0).platform());
        putEntry(catalog, entries.get(0), imageSectors.get(0));
        int index = 1;
        while (index < entries.size()) {
            int platform = entries.get(index).platform();
            int end = index;
            while (end < entries.size() && entries.get(end).platform() == platform) {
                end++;
            }
            int headerPosition = catalog.position();
            catalog.put((byte) (end == entries.size() ? LAST_SECTION_HEADER : SECTION_HEADER));
            catalog.put((byte) platform);
            catalog.putShort((short) (end - index));
            catalog.position(headerPosition + ENTRY_BYTES);
            for (; index < end; index++) {
                putEntry(catalog, entries.get(index), imageSectors.get(index));
            }
        }
        return catalog.array();
    }

    private static void putValidationEntry(ByteBuffer catalog, int platform) {
        catalog.put(0, (byte) HEADER_VALIDATION);
        catalog.put(1, (byte) platform);
        catalog.put(30, (byte) KEY_BYTE_55);
        catalog.put(31, (byte) KEY_BYTE_AA);
        int sum = 0;
        for (int i = 0; i < ENTRY_BYTES; i += 2) {
            sum += catalog.getShort(i) & 0xFFFF;
        }
        catalog.putShort(28, (short) -sum);
        catalog.position(ENTRY_BYTES);
    }

    private static void putEntry(ByteBuffer catalog, ElToritoEntry entry, long imageSector) {
        int start = catalog.position();
        catalog.put((byte) BOOTABLE);
        catalog.put((byte) entry.mediaType());
        catalog.putShort((short) entry.loadSegment());
        catalog.put((byte) entry.systemType());
        catalog.put((byte) 0);
        catalog.putShort((short) entry.loadSectors());
        catalog.putInt((int) imageSector);
        catalog.position(start + ENTRY_BYTES);
    }
}

package org.assisted.imageservice.iso.eltorito;

import static org.assisted.imageservice.iso.LittleEndian.u16;
import static org.assisted.imageservice.iso.LittleEndian.u32;
import static org.assisted.imageservice.iso.LittleEndian.u8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.assisted.imageservice.iso.ImageReader;
import org.assisted.imageservice.iso.IsoFormatException;
import org.assisted.imageservice.iso.IsoSectors;

/**
 * The El Torito boot catalog (El Torito 1.0 §2.1–§2.5), read from an image and encoded for a written one with the
 * same layout: 32-byte entries, a validation entry (header id 1, key {@code 55 AA}, 16-bit words summing to 0), the
 * initial entry, then sections (header {@code 0x90}, {@code 0x91} for the last) of entries sharing a platform.
 */
public final class ElToritoCatalog {

    /** The catalog takes one sector, as it does in the RHCOS images and in what xorriso writes. */
    public static final int CATALOG_BYTES = IsoSectors.SECTOR_BYTES;

    private static final int ENTRY_BYTES = 32;
    /** Upper bound of the bytes read: 4 sectors hold 255 entries, far more than any CoreOS image has. */
    private static final int MAX_READ_BYTES = 4 * IsoSectors.SECTOR_BYTES;
    private static final int HEADER_VALIDATION = 0x01;
    private static final int HEADER_SECTION = 0x90;
    private static final int HEADER_LAST_SECTION = 0x91;
    private static final int EXTENSION = 0x44;
    private static final int BOOTABLE = 0x88;
    private static final int NOT_BOOTABLE = 0x00;
    private static final int KEY_OFFSET = 30;
    private static final int KEY_BYTE_55 = 0x55;
    private static final int KEY_BYTE_AA = 0xAA;
    private static final int CHECKSUM_OFFSET = 28;

    private ElToritoCatalog() {
    }

    /** Reads the catalog at {@code sector}; a malformed one is an {@link IsoFormatException} naming its offset. */
    public static BootCatalog read(ImageReader reader, long sector) throws IOException {
        long offset = IsoSectors.offset(sector);
        reader.requireInside(offset, 2L * ENTRY_BYTES, "El Torito boot catalog");
        byte[] catalog = reader.read(offset, Math.min(MAX_READ_BYTES, reader.size() - offset), "El Torito boot catalog");
        checkValidationEntry(catalog, offset);
        List<BootEntry> entries = new ArrayList<>();
        entries.add(entry(catalog, ENTRY_BYTES, u8(catalog, 1), offset));
        int pos = 2 * ENTRY_BYTES;
        while (pos + ENTRY_BYTES <= catalog.length) {
            int header = u8(catalog, pos);
            if (header != HEADER_SECTION && header != HEADER_LAST_SECTION) {
                break;
            }
            pos = readSection(catalog, pos, offset, entries);
            if (header == HEADER_LAST_SECTION) {
                break;
            }
        }
        return new BootCatalog(sector, entries);
    }

    /**
     * @param entries      catalog entries in order
     * @param imageSectors sector of each entry's boot image, same order
     * @return the catalog block, {@link #CATALOG_BYTES} long
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
            catalog.put((byte) (end == entries.size() ? HEADER_LAST_SECTION : HEADER_SECTION));
            catalog.put((byte) platform);
            catalog.putShort((short) (end - index));
            catalog.position(headerPosition + ENTRY_BYTES);
            for (; index < end; index++) {
                putEntry(catalog, entries.get(index), imageSectors.get(index));
            }
        }
        return catalog.array();
    }

    private static int readSection(byte[] catalog, int headerPos, long catalogOffset, List<BootEntry> entries)
            throws IsoFormatException {
        int platform = u8(catalog, headerPos + 1);
        int count = u16(catalog, headerPos + 2);
        int pos = headerPos + ENTRY_BYTES;
        for (int i = 0; i < count; i++) {
            if (pos + ENTRY_BYTES > catalog.length) {
                throw new IsoFormatException(catalogOffset + headerPos, "El Torito section header announces "
                        + count + " entries, more than the catalog holds");
            }
            entries.add(entry(catalog, pos, platform, catalogOffset));
            pos += ENTRY_BYTES;
            while (pos + ENTRY_BYTES <= catalog.length && u8(catalog, pos) == EXTENSION) {
                pos += ENTRY_BYTES;
            }
        }
        return pos;
    }

    private static void checkValidationEntry(byte[] catalog, long offset) throws IsoFormatException {
        if (u8(catalog, 0) != HEADER_VALIDATION || u8(catalog, KEY_OFFSET) != KEY_BYTE_55
                || u8(catalog, KEY_OFFSET + 1) != KEY_BYTE_AA) {
            throw new IsoFormatException(offset, "El Torito validation entry lacks header id 1 or key 55 AA");
        }
        if ((wordSum(ByteBuffer.wrap(catalog).order(ByteOrder.LITTLE_ENDIAN)) & 0xffff) != 0) {
            throw new IsoFormatException(offset, "El Torito validation entry checksum does not sum to 0");
        }
    }

    private static BootEntry entry(byte[] catalog, int pos, int platform, long catalogOffset) throws IsoFormatException {
        int indicator = u8(catalog, pos);
        if (indicator != BOOTABLE && indicator != NOT_BOOTABLE) {
            throw new IsoFormatException(catalogOffset + pos, "El Torito boot indicator 0x"
                    + Integer.toHexString(indicator) + " is neither 0x88 nor 0x00");
        }
        return new BootEntry(platform, indicator == BOOTABLE, u8(catalog, pos + 1) & 0x0f, u16(catalog, pos + 2),
                u8(catalog, pos + 4), u16(catalog, pos + 6), u32(catalog, pos + 8));
    }

    private static void putValidationEntry(ByteBuffer catalog, int platform) {
        catalog.put(0, (byte) HEADER_VALIDATION);
        catalog.put(1, (byte) platform);
        catalog.put(KEY_OFFSET, (byte) KEY_BYTE_55);
        catalog.put(KEY_OFFSET + 1, (byte) KEY_BYTE_AA);
        catalog.putShort(CHECKSUM_OFFSET, (short) -wordSum(catalog));
        catalog.position(ENTRY_BYTES);
    }

    /** Sum of the validation entry's 16 little-endian words (the checksum word included). */
    private static int wordSum(ByteBuffer catalog) {
        int sum = 0;
        for (int i = 0; i < ENTRY_BYTES; i += 2) {
            sum += catalog.getShort(i) & 0xFFFF;
        }
        return sum;
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

package org.assisted.imageservice.iso.eltorito;

import static org.assisted.imageservice.iso.LittleEndian.u16;
import static org.assisted.imageservice.iso.LittleEndian.u32;
import static org.assisted.imageservice.iso.LittleEndian.u8;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.assisted.imageservice.iso.ImageReader;
import org.assisted.imageservice.iso.IsoFormatException;
import org.assisted.imageservice.iso.IsoSectors;

/** Parses an El Torito boot catalog (El Torito 1.0 §2.1-§2.5): 32-byte entries starting at the catalog sector. */
public final class ElToritoCatalogReader {

    private static final int ENTRY_BYTES = 32;
    /** Upper bound of the bytes read: 4 sectors hold 255 entries, far more than any CoreOS image has. */
    private static final int MAX_CATALOG_BYTES = 4 * IsoSectors.SECTOR_BYTES;
    private static final int HEADER_VALIDATION = 0x01;
    private static final int HEADER_SECTION = 0x90;
    private static final int HEADER_LAST_SECTION = 0x91;
    private static final int EXTENSION = 0x44;
    private static final int BOOTABLE = 0x88;
    private static final int NOT_BOOTABLE = 0x00;

    private ElToritoCatalogReader() {
    }

    public static BootCatalog read(ImageReader reader, long sector) throws IOException {
        long offset = IsoSectors.offset(sector);
        reader.requireInside(offset, 2L * ENTRY_BYTES, "El Torito boot catalog");
        byte[] catalog = reader.read(offset, Math.min(MAX_CATALOG_BYTES, reader.size() - offset), "El Torito boot catalog");
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
        if (u8(catalog, 0) != HEADER_VALIDATION || u8(catalog, 30) != 0x55 || u8(catalog, 31) != 0xAA) {
            throw new IsoFormatException(offset, "El Torito validation entry lacks header id 1 or key 55 AA");
        }
        int sum = 0;
        for (int i = 0; i < ENTRY_BYTES; i += 2) {
            sum += u16(catalog, i);
        }
        if ((sum & 0xffff) != 0) {
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
}

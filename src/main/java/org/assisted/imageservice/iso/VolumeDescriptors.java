package org.assisted.imageservice.iso;

import static org.assisted.imageservice.iso.LittleEndian.u32;
import static org.assisted.imageservice.iso.LittleEndian.u8;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The fields this service uses from the volume descriptor set (ECMA-119 §8): the primary volume descriptor and
 * the El Torito boot record (El Torito 1.0 §2.0). Supplementary (Joliet) descriptors are ignored.
 *
 * @param primary            the first primary volume descriptor, checked to have 2048-byte blocks and a root directory
 * @param bootCatalogSector  boot catalog sector from the El Torito boot record (byte 71), if there is one
 */
public record VolumeDescriptors(IsoPrimaryVolume primary, OptionalLong bootCatalogSector) {

    /** Sector of the first volume descriptor, right after the 16-sector System Area (ECMA-119 §6.2.1, §6.7.1). */
    public static final long FIRST_SECTOR = 16;
    /** Standard identifier of every volume descriptor, bytes 1–5 (ECMA-119 §8.1.2). */
    public static final String STANDARD_ID = "CD001";
    public static final int TYPE_BOOT_RECORD = 0;
    public static final int TYPE_PRIMARY = 1;
    public static final int TYPE_TERMINATOR = 255;
    /** Boot system identifier of the El Torito boot record, from byte 7 (El Torito 1.0 §2.0). */
    public static final String EL_TORITO_ID = "EL TORITO SPECIFICATION";
    /** Byte of the El Torito boot record holding the boot catalog's sector, a little-endian u32. */
    public static final int BOOT_CATALOG_POINTER = 71;

    /** Descriptors read before giving up on finding the terminator; real images have 3 or 4. */
    private static final int MAX_DESCRIPTORS = 64;

    static VolumeDescriptors read(ImageReader reader) throws IOException {
        IsoPrimaryVolume primary = null;
        OptionalLong catalog = OptionalLong.empty();
        for (int i = 0; i < MAX_DESCRIPTORS; i++) {
            long offset = IsoSectors.offset(FIRST_SECTOR + i);
            byte[] descriptor = reader.read(offset, IsoSectors.SECTOR_BYTES, "volume descriptor");
            if (!ascii(descriptor, 1, 5).equals(STANDARD_ID)) {
                throw new IsoFormatException(offset + 1, "volume descriptor lacks the standard identifier CD001");
            }
            int type = u8(descriptor, 0);
            if (type == TYPE_TERMINATOR) {
                if (primary == null) {
                    throw new IsoFormatException(offset, "no primary volume descriptor before the terminator");
                }
                return checked(primary, catalog);
            } else if (type == TYPE_PRIMARY && primary == null) {
                primary = IsoPrimaryVolume.of(offset, descriptor);
            } else if (type == TYPE_BOOT_RECORD && ascii(descriptor, 7, 32).startsWith(EL_TORITO_ID)) {
                catalog = OptionalLong.of(u32(descriptor, BOOT_CATALOG_POINTER));
            }
        }
        throw new IsoFormatException(IsoSectors.offset(FIRST_SECTOR),
                "no volume descriptor set terminator within " + MAX_DESCRIPTORS + " descriptors");
    }

    /** Primary volume identifier, surrounding whitespace trimmed. */
    String volumeId() {
        return primary.volumeId().trim();
    }

    /** Extent sector of the root directory. */
    long rootSector() {
        return primary.rootSector();
    }

    /** Data length of the root directory in bytes. */
    long rootLength() {
        return primary.rootLength();
    }

    private static VolumeDescriptors checked(IsoPrimaryVolume primary, OptionalLong catalog)
            throws IsoFormatException {
        int blockSize = primary.logicalBlockSize();
        if (blockSize != IsoSectors.SECTOR_BYTES) {
            throw new IsoFormatException(primary.offset() + 128, "logical block size " + blockSize
                    + " is not supported, only " + IsoSectors.SECTOR_BYTES);
        }
        if (!primary.hasRootDirectory()) {
            throw new IsoFormatException(primary.rootRecordOffset(),
                    "primary volume descriptor has no root directory record");
        }
        return new VolumeDescriptors(primary, catalog);
    }

    private static String ascii(byte[] bytes, int from, int length) {
        return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }
}

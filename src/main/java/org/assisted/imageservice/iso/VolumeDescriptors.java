package org.assisted.imageservice.iso;

import static org.assisted.imageservice.iso.LittleEndian.u16;
import static org.assisted.imageservice.iso.LittleEndian.u32;
import static org.assisted.imageservice.iso.LittleEndian.u8;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The fields this service uses from the volume descriptor set (ECMA-119 §8): the primary volume descriptor and
 * the El Torito boot record (El Torito 1.0 §2.0). Supplementary (Joliet) descriptors are ignored.
 *
 * @param volumeId           primary volume identifier, bytes 40-71, surrounding whitespace trimmed
 * @param rootSector         extent sector of the root directory (root record at byte 156)
 * @param rootLength         data length of the root directory in bytes
 * @param bootCatalogSector  boot catalog sector from the El Torito boot record (byte 71), if there is one
 */
record VolumeDescriptors(String volumeId, long rootSector, long rootLength, OptionalLong bootCatalogSector) {

    private static final long FIRST_DESCRIPTOR_SECTOR = 16;
    /** Descriptors read before giving up on finding the terminator; real images have 3 or 4. */
    private static final int MAX_DESCRIPTORS = 64;
    private static final int TYPE_BOOT_RECORD = 0;
    private static final int TYPE_PRIMARY = 1;
    private static final int TYPE_TERMINATOR = 255;
    private static final String STANDARD_ID = "CD001";
    private static final String EL_TORITO_ID = "EL TORITO SPECIFICATION";
    private static final int ROOT_RECORD = 156;

    static VolumeDescriptors read(ImageReader reader) throws IOException {
        byte[] primary = null;
        long primaryOffset = -1;
        OptionalLong catalog = OptionalLong.empty();
        for (int i = 0; i < MAX_DESCRIPTORS; i++) {
            long offset = IsoSectors.offset(FIRST_DESCRIPTOR_SECTOR + i);
            byte[] descriptor = reader.read(offset, IsoSectors.SECTOR_BYTES, "volume descriptor");
            if (!ascii(descriptor, 1, 5).equals(STANDARD_ID)) {
                throw new IsoFormatException(offset + 1, "volume descriptor lacks the standard identifier CD001");
            }
            int type = u8(descriptor, 0);
            if (type == TYPE_TERMINATOR) {
                if (primary == null) {
                    throw new IsoFormatException(offset, "no primary volume descriptor before the terminator");
                }
                return fromPrimary(primary, primaryOffset, catalog);
            } else if (type == TYPE_PRIMARY && primary == null) {
                primary = descriptor;
                primaryOffset = offset;
            } else if (type == TYPE_BOOT_RECORD && ascii(descriptor, 7, 32).startsWith(EL_TORITO_ID)) {
                catalog = OptionalLong.of(u32(descriptor, 71));
            }
        }
        throw new IsoFormatException(IsoSectors.offset(FIRST_DESCRIPTOR_SECTOR),
                "no volume descriptor set terminator within " + MAX_DESCRIPTORS + " descriptors");
    }

    private static VolumeDescriptors fromPrimary(byte[] primary, long offset, OptionalLong catalog)
            throws IsoFormatException {
        int blockSize = u16(primary, 128);
        if (blockSize != IsoSectors.SECTOR_BYTES) {
            throw new IsoFormatException(offset + 128, "logical block size " + blockSize + " is not supported, only "
                    + IsoSectors.SECTOR_BYTES);
        }
        if (u8(primary, ROOT_RECORD) < 34 || (u8(primary, ROOT_RECORD + 25) & DirectoryTreeReader.FLAG_DIRECTORY) == 0) {
            throw new IsoFormatException(offset + ROOT_RECORD, "primary volume descriptor has no root directory record");
        }
        return new VolumeDescriptors(ascii(primary, 40, 32).trim(), u32(primary, ROOT_RECORD + 2),
                u32(primary, ROOT_RECORD + 10), catalog);
    }

    private static String ascii(byte[] bytes, int from, int length) {
        return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }
}

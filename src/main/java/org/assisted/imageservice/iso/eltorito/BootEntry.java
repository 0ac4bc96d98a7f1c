package org.assisted.imageservice.iso.eltorito;

import org.assisted.imageservice.iso.IsoSectors;

/**
 * One boot image of an El Torito boot catalog (El Torito 1.0 §2.2, §2.4, §2.5).
 *
 * @param platformId  0x00 x86 BIOS, 0x01 PowerPC, 0x02 Mac, 0xEF EFI (from the validation entry or section header)
 * @param bootable    boot indicator 0x88 (true) or 0x00 (false)
 * @param mediaType   boot media type, low 4 bits of byte 1 (0 = no emulation)
 * @param loadSegment load segment (0 means the BIOS default 0x7C0)
 * @param systemType  system type (partition type byte)
 * @param sectorCount number of 512-byte virtual sectors loaded at boot
 * @param imageSector logical sector (2048 bytes) of the boot image
 */
public record BootEntry(int platformId, boolean bootable, int mediaType, int loadSegment, int systemType,
                        int sectorCount, long imageSector) {

    /** @return byte offset of the boot image from the start of the ISO */
    public long imageOffset() {
        return IsoSectors.offset(imageSector);
    }
}

package org.assisted.imageservice.iso.eltorito;

import java.util.Objects;

import org.assisted.imageservice.iso.IsoSectors;

/**
 * One El Torito boot entry (El Torito 1.0 §2.2 initial entry, §2.4 section entry).
 *
 * @param platform      platform id: {@link #PLATFORM_X86} (BIOS, also s390x), {@link #PLATFORM_EFI}, ...
 * @param mediaType     boot media type, {@link #MEDIA_NO_EMULATION} for every RHCOS image
 * @param loadSegment   real-mode load segment, 0 for the default 0x7C0
 * @param systemType    partition type byte copied from the boot image (0 for no emulation)
 * @param loadSectors   virtual 512-byte sectors to load, 0..65535 (0 = whole image for EFI, see {@link #efiLoadSectors})
 * @param imagePath     tree path of the boot image file, e.g. {@code isolinux/isolinux.bin}
 * @param bootInfoTable whether the 56-byte boot info table is patched into the written image at offset 8
 */
public record ElToritoEntry(int platform, int mediaType, int loadSegment, int systemType, int loadSectors,
                            String imagePath, boolean bootInfoTable) {

    public static final int PLATFORM_X86 = 0x00;
    public static final int PLATFORM_EFI = 0xEF;
    public static final int MEDIA_NO_EMULATION = 0;
    public static final int MAX_LOAD_SECTORS = 0xFFFF;
    /** The load size isolinux expects: 4 virtual sectors = one 2048-byte block. */
    public static final int ISOLINUX_LOAD_SECTORS = 4;

    private static final long VIRTUAL_SECTOR_BYTES = 512;

    public ElToritoEntry {
        checkByte(platform, "platform");
        checkByte(mediaType, "mediaType");
        checkByte(systemType, "systemType");
        if (loadSegment < 0 || loadSegment > 0xFFFF || loadSectors < 0 || loadSectors > MAX_LOAD_SECTORS) {
            throw new IllegalArgumentException("load segment/size out of 16-bit range: " + loadSegment + "/" + loadSectors);
        }
        Objects.requireNonNull(imagePath, "imagePath");
    }

    /** A no-emulation entry with the default load segment and system type 0. */
    public static ElToritoEntry noEmulation(int platform, String imagePath, int loadSectors, boolean bootInfoTable) {
        return new ElToritoEntry(platform, MEDIA_NO_EMULATION, 0, 0, loadSectors, imagePath, bootInfoTable);
    }

    /**
     * Load size of an EFI image: whole 2048-byte blocks expressed in 512-byte sectors, ⌈size/2048⌉ × 4.
     * Above 65535 the field cannot hold the size; like xorriso 1.5.4 (libisofs) this returns 0, which UEFI
     * firmware treats as "the image extends to the end of its El Torito partition", instead of wrapping the
     * value at 16 bits as upstream does.
     */
    public static int efiLoadSectors(long imageSize) {
        long sectors = ceilDiv(imageSize, IsoSectors.SECTOR_BYTES) * (IsoSectors.SECTOR_BYTES / VIRTUAL_SECTOR_BYTES);
        return sectors > MAX_LOAD_SECTORS ? 0 : (int) sectors;
    }

    /**
     * Load size of a whole no-emulation BIOS-platform image (s390x {@code cdboot.img}): ⌈size/512⌉ rounded up to a
     * multiple of 4, capped at 65535 as xorriso does for platform 0.
     */
    public static int fullImageLoadSectors(long imageSize) {
        long sectors = ceilDiv(ceilDiv(imageSize, VIRTUAL_SECTOR_BYTES), 4) * 4;
        return (int) Math.min(sectors, MAX_LOAD_SECTORS);
    }

    private static long ceilDiv(long value, long unit) {
        return (value + unit - 1) / unit;
    }

    private static void checkByte(int value, String name) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " is not a byte: " + value);
        }
    }
}

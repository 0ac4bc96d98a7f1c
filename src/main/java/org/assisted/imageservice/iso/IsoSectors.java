package org.assisted.imageservice.iso;

/**
 * ISO 9660 logical sectors (ECMA-119 §6.1.2, logical block size 2048): the one place where sector numbers
 * become byte offsets.
 */
public final class IsoSectors {

    /** Size of a logical sector and of a logical block; the only block size this service supports. */
    public static final int SECTOR_BYTES = 2048;

    private IsoSectors() {
    }

    /**
     * @param sector logical sector number (LBA), 0 or more
     * @return the absolute byte offset of that sector's first byte
     */
    public static long offset(long sector) {
        if (sector < 0) {
            throw new IllegalArgumentException("negative sector " + sector);
        }
        return sector * SECTOR_BYTES;
    }

    /** @return how many sectors {@code bytes} bytes occupy: {@code bytes} divided by the sector size, rounded up */
    public static long count(long bytes) {
        return (bytes + SECTOR_BYTES - 1) / SECTOR_BYTES;
    }

}

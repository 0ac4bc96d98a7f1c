package org.assisted.imageservice.iso.write;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import org.assisted.imageservice.iso.IsoSectors;

/**
 * The 32 KiB System Area (sectors 0–15) of the written image.
 *
 * @param bytes         exactly {@link #SYSTEM_AREA_BYTES} bytes, copied
 * @param baseImage     for {@link #hybrid}: the image the bytes were taken from, else {@code null}
 * @param baseImageSize for {@link #hybrid}: size of that image in bytes, else 0
 */
public record IsoWriterSystemArea(byte[] bytes, Path baseImage, long baseImageSize) {

    public static final int SYSTEM_AREA_BYTES = 16 * IsoSectors.SECTOR_BYTES;

    public IsoWriterSystemArea {
        if (bytes.length != SYSTEM_AREA_BYTES) {
            throw new IllegalArgumentException("system area must be " + SYSTEM_AREA_BYTES + " bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
        if (baseImage != null && baseImageSize <= 0) {
            throw new IllegalArgumentException("hybrid base image size must be positive: " + baseImageSize);
        }
    }

    /** All zeros: no MBR or GPT. */
    public static IsoWriterSystemArea zeros() {
        return new IsoWriterSystemArea(new byte[SYSTEM_AREA_BYTES], null, 0);
    }

    /** Written unchanged. */
    public static IsoWriterSystemArea verbatim(byte[] bytes) {
        return new IsoWriterSystemArea(bytes, null, 0);
    }

    /**
     * The first 32 KiB of {@code baseImage}, an isohybrid image whose MBR and GPT are rewritten for the new layout
     * (see {@code IsoWriterHybrid}). Tree files whose content is an extent of {@code baseImage} tell where the old
     * partitions' files moved.
     */
    public static IsoWriterSystemArea hybrid(byte[] bytes, Path baseImage, long baseImageSize) {
        return new IsoWriterSystemArea(bytes, Objects.requireNonNull(baseImage, "baseImage"), baseImageSize);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IsoWriterSystemArea area && Arrays.equals(bytes, area.bytes)
                && Objects.equals(baseImage, area.baseImage) && baseImageSize == area.baseImageSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), baseImage, baseImageSize);
    }

    @Override
    public String toString() {
        return "IsoWriterSystemArea[baseImage=" + baseImage + ", baseImageSize=" + baseImageSize + "]";
    }
}

package org.assisted.imageservice.iso;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.assisted.imageservice.iso.write.IsoWriterDates;
import org.assisted.imageservice.iso.write.IsoWriterVolume;

/**
 * The identifiers and dates of a base image's primary volume descriptor (ECMA-119 §8.4), for re-mastering it with
 * the same values. Identifiers keep their bytes (ISO-8859-1) without the space padding.
 *
 * @param volume identifiers
 * @param dates  volume dates; an unspecified creation or modification date becomes the epoch (UTC)
 */
public record IsoPrimaryVolume(IsoWriterVolume volume, IsoWriterDates dates) {

    private static final long FIRST_DESCRIPTOR_SECTOR = 16;
    private static final int MAX_DESCRIPTORS = 64;
    private static final int TYPE_PRIMARY = 1;
    private static final int TYPE_TERMINATOR = 255;
    private static final OffsetDateTime UNSPECIFIED = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    public static IsoPrimaryVolume read(ImageReader reader) throws IOException {
        for (int i = 0; i < MAX_DESCRIPTORS; i++) {
            long offset = IsoSectors.offset(FIRST_DESCRIPTOR_SECTOR + i);
            byte[] descriptor = reader.read(offset, IsoSectors.SECTOR_BYTES, "volume descriptor");
            int type = descriptor[0] & 0xFF;
            if (type == TYPE_PRIMARY) {
                return parse(descriptor);
            }
            if (type == TYPE_TERMINATOR) {
                break;
            }
        }
        throw new IsoFormatException(IsoSectors.offset(FIRST_DESCRIPTOR_SECTOR), "no primary volume descriptor");
    }

    private static IsoPrimaryVolume parse(byte[] pvd) {
        IsoWriterVolume volume = new IsoWriterVolume(text(pvd, 40, 32), text(pvd, 8, 32), text(pvd, 190, 128),
                text(pvd, 318, 128), text(pvd, 446, 128), text(pvd, 574, 128));
        IsoWriterDates dates = new IsoWriterDates(
                IsoDateFields.date17(pvd, 813).orElse(UNSPECIFIED), IsoDateFields.date17(pvd, 830).orElse(UNSPECIFIED),
                IsoDateFields.date17(pvd, 847).orElse(null), IsoDateFields.date17(pvd, 864).orElse(null));
        return new IsoPrimaryVolume(volume, dates);
    }

    /** The field without trailing spaces (a-/d-characters are space padded, ECMA-119 §7.4.3). */
    private static String text(byte[] pvd, int offset, int length) {
        int end = offset + length;
        while (end > offset && pvd[end - 1] == ' ') {
            end--;
        }
        return new String(pvd, offset, end - offset, StandardCharsets.ISO_8859_1);
    }
}

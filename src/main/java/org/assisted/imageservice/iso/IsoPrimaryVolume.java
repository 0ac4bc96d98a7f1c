package org.assisted.imageservice.iso;

import static org.assisted.imageservice.iso.LittleEndian.u16;
import static org.assisted.imageservice.iso.LittleEndian.u32;
import static org.assisted.imageservice.iso.LittleEndian.u8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.assisted.imageservice.io.ChannelIo;

/**
 * A primary volume descriptor (ECMA-119 §8.4) as read from an image: the one decoder of its fields, used to find the
 * root directory ({@link VolumeDescriptors}), to re-master a base image with the same identifiers and dates (the
 * minimal ISO) and to learn the size a downloaded image declares. Identifiers keep their bytes (ISO-8859-1) without
 * the trailing space padding.
 */
public final class IsoPrimaryVolume {

    /** Sector of the first volume descriptor; the 16 before it are the System Area. */
    /** Byte of the descriptor where the root directory's record starts (ECMA-119 §8.4.18). */
    public static final int ROOT_RECORD = 156;
    private static final int MIN_ROOT_RECORD_BYTES = 34;

    private final long offset;
    private final byte[] descriptor;

    private IsoPrimaryVolume(long offset, byte[] descriptor) {
        this.offset = offset;
        this.descriptor = descriptor;
    }

    /** @param descriptor the {@value IsoSectors#SECTOR_BYTES} bytes of a type-1 descriptor read at {@code offset} */
    static IsoPrimaryVolume of(long offset, byte[] descriptor) {
        return new IsoPrimaryVolume(offset, descriptor.clone());
    }

    /**
     * The first primary volume descriptor of the image's descriptor set, as {@link IsoFileSystem} finds it.
     *
     * @throws IsoFormatException if the descriptor set is malformed or has no usable primary volume descriptor
     */
    public static IsoPrimaryVolume read(ImageReader reader) throws IOException {
        return VolumeDescriptors.read(reader).primary();
    }

    /**
     * Reads the descriptor in the first descriptor sector of {@code iso}, where every image written by the usual
     * tools has its primary volume descriptor, without walking the descriptor set.
     *
     * @throws IOException if the file is too short or that sector holds no primary volume descriptor
     */
    public static IsoPrimaryVolume readFirst(Path iso) throws IOException {
        long offset = IsoSectors.offset(VolumeDescriptors.FIRST_SECTOR);
        ByteBuffer descriptor = ByteBuffer.allocate(IsoSectors.SECTOR_BYTES);
        try (FileChannel channel = FileChannel.open(iso, StandardOpenOption.READ)) {
            ChannelIo.readFully(channel, descriptor, offset,
                    at -> new IOException(iso + " is too short to hold an ISO 9660 primary volume descriptor"));
        }
        byte[] bytes = descriptor.array();
        if (u8(bytes, 0) != VolumeDescriptors.TYPE_PRIMARY
                || !text(bytes, 1, VolumeDescriptors.STANDARD_ID.length()).equals(VolumeDescriptors.STANDARD_ID)) {
            throw new IOException(iso + " has no ISO 9660 primary volume descriptor at offset " + offset);
        }
        return new IsoPrimaryVolume(offset, bytes);
    }

    /** Byte offset of the descriptor in the image. */
    public long offset() {
        return offset;
    }

    public String systemId() {
        return text(descriptor, 8, 32);
    }

    public String volumeId() {
        return text(descriptor, 40, 32);
    }

    public String volumeSetId() {
        return text(descriptor, 190, 128);
    }

    public String publisherId() {
        return text(descriptor, 318, 128);
    }

    public String preparerId() {
        return text(descriptor, 446, 128);
    }

    public String applicationId() {
        return text(descriptor, 574, 128);
    }

    /** Volume space size in logical blocks (§8.4.8). */
    public long volumeSpaceSize() {
        return u32(descriptor, 80);
    }

    /** Logical block size in bytes (§8.4.12). */
    public int logicalBlockSize() {
        return u16(descriptor, 128);
    }

    /** The size the image declares for itself: volume space size × logical block size. */
    public long volumeBytes() {
        return volumeSpaceSize() * logicalBlockSize();
    }

    /** Volume creation date (§8.4.26); empty when not specified. */
    public Optional<OffsetDateTime> created() {
        return IsoDateFields.date17(descriptor, 813);
    }

    /** Volume modification date (§8.4.27); empty when not specified. */
    public Optional<OffsetDateTime> modified() {
        return IsoDateFields.date17(descriptor, 830);
    }

    /** Volume expiration date (§8.4.28); empty when not specified. */
    public Optional<OffsetDateTime> expires() {
        return IsoDateFields.date17(descriptor, 847);
    }

    /** Volume effective date (§8.4.29); empty when not specified. */
    public Optional<OffsetDateTime> effective() {
        return IsoDateFields.date17(descriptor, 864);
    }

    /** Whether the root directory record (§8.4.18) is long enough and flagged as a directory. */
    boolean hasRootDirectory() {
        return u8(descriptor, ROOT_RECORD) >= MIN_ROOT_RECORD_BYTES
                && (u8(descriptor, ROOT_RECORD + 25) & DirectoryTreeReader.FLAG_DIRECTORY) != 0;
    }

    /** Offset of the root directory record in the image, for error messages. */
    long rootRecordOffset() {
        return offset + ROOT_RECORD;
    }

    /** Extent sector of the root directory. */
    long rootSector() {
        return u32(descriptor, ROOT_RECORD + 2);
    }

    /** Data length of the root directory in bytes. */
    long rootLength() {
        return u32(descriptor, ROOT_RECORD + 10);
    }

    /** The field without trailing spaces (a-/d-characters are space padded, ECMA-119 §7.4.3). */
    private static String text(byte[] bytes, int from, int length) {
        int end = from + length;
        while (end > from && bytes[end - 1] == ' ') {
            end--;
        }
        return new String(bytes, from, end - from, StandardCharsets.ISO_8859_1);
    }
}

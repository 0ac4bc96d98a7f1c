package org.assisted.imageservice.archive.cpio;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The newc cpio header: the magic {@code 070701} (or {@code 070702}, the same layout with a checksum) followed by
 * thirteen 8-digit hexadecimal fields, 110 ASCII bytes in all, then the NUL-terminated name; header plus name, and
 * the member data, are each padded with NULs to a multiple of 4 bytes. An archive ends with a member named
 * {@value #TRAILER}. Encodes headers for the writer and decodes single fields for readers, which decide what a bad
 * field means.
 */
public final class CpioNewcHeader {

    /** Length of the fixed part of a header: magic and fields, without the name. */
    public static final int HEADER_BYTES = 110;
    /** Name of the member that ends an archive. */
    public static final String TRAILER = "TRAILER!!!";
    /** Largest value of a field, e.g. of a member's size. */
    public static final long MAX_FIELD_VALUE = 0xffffffffL;

    private static final String MAGIC = "070701";
    private static final String MAGIC_WITH_CHECKSUM = "070702";
    private static final int FIELD_CHARS = 8;
    private static final int ALIGNMENT_BYTES = 4;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The header's fields in their order after the magic. */
    public enum Field {
        INODE, MODE, UID, GID, NLINK, MTIME, FILE_SIZE, DEV_MAJOR, DEV_MINOR, RDEV_MAJOR, RDEV_MINOR, NAME_SIZE, CHECK
    }

    private CpioNewcHeader() {
    }

    /**
     * Encodes a header with magic {@code 070701} and lower-case hex digits; the fields not given (owner, time,
     * devices, checksum) are 0.
     *
     * @param nameSize length of the name in bytes including its terminating NUL
     */
    public static byte[] encode(long inode, long mode, long nlink, long fileSize, long nameSize) {
        byte[] header = new byte[HEADER_BYTES];
        System.arraycopy(MAGIC.getBytes(StandardCharsets.US_ASCII), 0, header, 0, MAGIC.length());
        for (Field field : Field.values()) {
            put(header, field, 0);
        }
        put(header, Field.INODE, inode);
        put(header, Field.MODE, mode);
        put(header, Field.NLINK, nlink);
        put(header, Field.FILE_SIZE, fileSize);
        put(header, Field.NAME_SIZE, nameSize);
        return header;
    }

    /** Whether {@code header} (at least 6 bytes) starts with a newc magic, with or without checksum. */
    public static boolean hasMagic(byte[] header) {
        String magic = new String(header, 0, MAGIC.length(), StandardCharsets.US_ASCII);
        return magic.equals(MAGIC) || magic.equals(MAGIC_WITH_CHECKSUM);
    }

    /** @return the value of {@code field} in a {@value #HEADER_BYTES}-byte header, empty if it is not hexadecimal */
    public static OptionalLong field(byte[] header, Field field) {
        int start = start(field);
        long value = 0;
        for (int i = start; i < start + FIELD_CHARS; i++) {
            int digit = Character.digit(header[i], 16);
            if (digit < 0) {
                return OptionalLong.empty();
            }
            value = value << 4 | digit;
        }
        return OptionalLong.of(value);
    }

    /** @return {@code offset} rounded up to the next multiple of 4, where a name's or member's padding ends */
    public static long align(long offset) {
        return (offset + ALIGNMENT_BYTES - 1) & -ALIGNMENT_BYTES;
    }

    private static void put(byte[] header, Field field, long value) {
        if (value < 0 || value > MAX_FIELD_VALUE) {
            throw new IllegalArgumentException("cpio field " + field + " cannot hold " + value);
        }
        int start = start(field);
        for (int i = FIELD_CHARS - 1; i >= 0; i--) {
            header[start + i] = HEX_DIGITS[(int) (value & 0xf)];
            value >>>= 4;
        }
    }

    private static int start(Field field) {
        return MAGIC.length() + field.ordinal() * FIELD_CHARS;
    }
}

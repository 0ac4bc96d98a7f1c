package org.assisted.imageservice.iso.write;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/** ECMA-119 field encodings (§7.2–7.3 numbers, §8.4.26.1 and §9.1.5 dates) used by the writer. */
final class IsoWriterFields {

    static final int DATE17_BYTES = 17;
    static final int DATE7_BYTES = 7;

    private static final int MINUTES_PER_OFFSET_UNIT = 15;
    private static final int YEAR_BASE = 1900;
    private static final int MAX_YEAR_7 = YEAR_BASE + 255;

    private IsoWriterFields() {
    }

    /** Both-byte orders 32-bit field (§7.3.3): little-endian then big-endian. */
    static void putBoth32(byte[] target, int offset, long value) {
        ByteBuffer.wrap(target, offset, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value);
        ByteBuffer.wrap(target, offset + 4, 4).order(ByteOrder.BIG_ENDIAN).putInt((int) value);
    }

    /** Both-byte orders 16-bit field (§7.2.3). */
    static void putBoth16(byte[] target, int offset, int value) {
        ByteBuffer.wrap(target, offset, 2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value);
        ByteBuffer.wrap(target, offset + 2, 2).order(ByteOrder.BIG_ENDIAN).putShort((short) value);
    }

    static void put32(byte[] target, int offset, long value, ByteOrder order) {
        ByteBuffer.wrap(target, offset, 4).order(order).putInt((int) value);
    }

    /** Writes {@code text} in ISO-8859-1, padded with spaces to {@code length}; longer text is rejected. */
    static void putPadded(byte[] target, int offset, int length, String text, String field) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length > length || !new String(bytes, StandardCharsets.ISO_8859_1).equals(text)) {
            throw new IllegalArgumentException(field + " does not fit " + length + " ISO-8859-1 bytes: '" + text + "'");
        }
        Arrays.fill(target, offset, offset + length, (byte) ' ');
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /** 17-byte volume date (§8.4.26.1); {@code null} = "not specified" (16 digit zeros, offset 0). */
    static void putDate17(byte[] target, int offset, OffsetDateTime date) {
        String digits = date == null ? "0000000000000000"
                : String.format(Locale.ROOT, "%04d%02d%02d%02d%02d%02d%02d", date.getYear(), date.getMonthValue(),
                        date.getDayOfMonth(), date.getHour(), date.getMinute(), date.getSecond(),
                        date.getNano() / 10_000_000);
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, target, offset, DATE17_BYTES - 1);
        target[offset + DATE17_BYTES - 1] = date == null ? 0 : offsetUnits(date.getOffset());
    }

    /** 7-byte recording date (§9.1.5, also RRIP {@code TF}), in UTC. */
    static byte[] date7(Instant instant) {
        OffsetDateTime date = instant.atOffset(ZoneOffset.UTC);
        if (date.getYear() < YEAR_BASE || date.getYear() > MAX_YEAR_7) {
            throw new IllegalArgumentException("date outside 1900..2155 cannot be recorded: " + instant);
        }
        return new byte[] {(byte) (date.getYear() - YEAR_BASE), (byte) date.getMonthValue(),
            (byte) date.getDayOfMonth(), (byte) date.getHour(), (byte) date.getMinute(), (byte) date.getSecond(), 0};
    }

    private static byte offsetUnits(ZoneOffset offset) {
        return (byte) (offset.getTotalSeconds() / 60 / MINUTES_PER_OFFSET_UNIT);
    }
}

package org.assisted.imageservice.iso;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Decodes ECMA-119 dates: the 7-byte recording date (§9.1.5, also the short form of RRIP {@code TF}) and the
 * 17-byte volume date (§8.4.26.1, also the long form of {@code TF}). Both end in a signed GMT offset in
 * 15-minute units. Unspecified (zero) or invalid dates decode to empty.
 */
final class IsoDateFields {

    static final int DATE7_BYTES = 7;
    static final int DATE17_BYTES = 17;

    private static final int YEAR_BASE = 1900;
    private static final int SECONDS_PER_OFFSET_UNIT = 15 * 60;
    private static final int NANOS_PER_HUNDREDTH = 10_000_000;

    private IsoDateFields() {
    }

    /** Years since 1900, month, day, hour, minute, second, GMT offset. */
    static Optional<OffsetDateTime> date7(byte[] bytes, int offset) {
        int[] f = new int[DATE7_BYTES - 1];
        for (int i = 0; i < f.length; i++) {
            f[i] = bytes[offset + i] & 0xFF;
        }
        return of(YEAR_BASE + f[0], f[1], f[2], f[3], f[4], f[5], 0, bytes[offset + DATE7_BYTES - 1]);
    }

    /** {@code YYYYMMDDhhmmsscc} in ASCII digits, then the GMT offset. */
    static Optional<OffsetDateTime> date17(byte[] bytes, int offset) {
        String digits = new String(bytes, offset, DATE17_BYTES - 1, StandardCharsets.ISO_8859_1);
        if (!digits.matches("[0-9]{16}") || digits.startsWith("0000")) {
            return Optional.empty();
        }
        return of(number(digits, 0, 4), number(digits, 4, 6), number(digits, 6, 8), number(digits, 8, 10),
                number(digits, 10, 12), number(digits, 12, 14), number(digits, 14, 16) * NANOS_PER_HUNDREDTH,
                bytes[offset + DATE17_BYTES - 1]);
    }

    private static Optional<OffsetDateTime> of(int year, int month, int day, int hour, int minute, int second,
                                               int nanos, byte offsetUnits) {
        try {
            ZoneOffset zone = ZoneOffset.ofTotalSeconds(offsetUnits * SECONDS_PER_OFFSET_UNIT);
            return Optional.of(OffsetDateTime.of(year, month, day, hour, minute, second, nanos, zone));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int number(String digits, int from, int to) {
        return Integer.parseInt(digits.substring(from, to));
    }
}

package org.assisted.imageservice.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP-date (RFC 9110 §5.6.7): formatting as IMF-fixdate, parsing of the three accepted formats.
 * Second precision, always GMT. Parsing is strict: an impossible date (31 Nov) or a weekday that does
 * not match the date makes the value invalid.
 */
public final class HttpDates {

    /** {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter IMF_FIXDATE = builder()
            .appendPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'")
            .toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);

    /** {@code Sunday, 06-Nov-94 08:49:37 GMT}; two-digit years map to 1969-2068 as in Go. */
    private static final DateTimeFormatter RFC_850 = builder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1969)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);

    /** {@code Sun Nov  6 08:49:37 1994} (C asctime, day padded with a space). */
    private static final DateTimeFormatter ASCTIME = builder()
            .appendPattern("EEE MMM ppd HH:mm:ss uuuu")
            .toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);

    private static final List<DateTimeFormatter> PARSERS = List.of(IMF_FIXDATE, RFC_850, ASCTIME);

    private record Formatted(long epochSecond, String text) {
    }

    private static volatile Formatted lastFormatted;

    private HttpDates() {
    }

    private static DateTimeFormatterBuilder builder() {
        return new DateTimeFormatterBuilder().parseCaseInsensitive();
    }

    /** Parses an HTTP-date in any of the three formats; empty if {@code value} is null or invalid. */
    public static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        for (DateTimeFormatter parser : PARSERS) {
            try {
                return Optional.of(Instant.from(parser.parse(trimmed)));
            } catch (DateTimeException e) {
                // try the next format
            }
        }
        return Optional.empty();
    }

    /**
     * Formats {@code instant} as IMF-fixdate, dropping the fraction of a second. The last result is
     * kept: a download's {@code Last-Modified} is the same second for many requests in a row.
     */
    public static String format(Instant instant) {
        long second = instant.getEpochSecond();
        Formatted last = lastFormatted;
        if (last != null && last.epochSecond() == second) {
            return last.text();
        }
        String text = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
        lastFormatted = new Formatted(second, text);
        return text;
    }
}

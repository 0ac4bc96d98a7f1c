package org.assisted.imageservice.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code Range} request header (RFC 9110 §14.2).
 *
 * <p>Syntax: {@code range-unit "=" range-set} with {@code range-set = 1#range-spec}. Accepted
 * leniently, as Go's {@code net/http} does: optional whitespace (SP, HTAB) around each list element
 * and around the {@code "-"} of a range-spec, and empty list elements (RFC 9110 §5.6.1). Numbers are
 * {@code 1*DIGIT}; a value too large for a {@code long} saturates to {@link Long#MAX_VALUE}, which
 * means "to the end" for a last-pos or suffix-length and "beyond the end" for a first-pos.
 *
 * <p>Outcomes: {@link #IGNORED} (no header, or a range unit other than {@code bytes}, which RFC 9110
 * §14.2 says to ignore), {@link #MALFORMED} (a syntax error, {@code last-pos < first-pos}, no
 * range-spec at all, or more than {@link #MAX_RANGES} range-specs), or a non-empty list of specs.
 *
 * @param specs     the range-specs in request order; empty unless the header asks for byte ranges
 * @param malformed whether the header is syntactically invalid
 */
public record RangeHeader(List<RangeSpec> specs, boolean malformed) {

    /** Upper bound on range-specs in one header; more is treated as malformed (RFC 9110 §14.2 DoS note). */
    public static final int MAX_RANGES = 100;

    /** The header is absent or not about bytes: serve the full representation. */
    public static final RangeHeader IGNORED = new RangeHeader(List.of(), false);

    /** The header cannot be parsed: 416. */
    public static final RangeHeader MALFORMED = new RangeHeader(List.of(), true);

    private static final String BYTES_UNIT = "bytes";

    public RangeHeader {
        specs = List.copyOf(specs);
    }

    /** Parses a {@code Range} header value; {@code null} or blank means no header. */
    public static RangeHeader parse(String value) {
        if (value == null || value.isBlank()) {
            return IGNORED;
        }
        int equals = value.indexOf('=');
        if (equals < 0 || !HttpSyntax.isToken(value.substring(0, equals))) {
            return MALFORMED;
        }
        String rangeSet = value.substring(equals + 1);
        if (!value.substring(0, equals).equalsIgnoreCase(BYTES_UNIT)) {
            return rangeSet.isEmpty() ? MALFORMED : IGNORED;
        }
        List<RangeSpec> specs = new ArrayList<>();
        for (String element : rangeSet.split(",", -1)) {
            String trimmed = HttpSyntax.trimOws(element);
            if (trimmed.isEmpty()) {
                continue;
            }
            RangeSpec spec = parseSpec(trimmed);
            if (spec == null || specs.size() == MAX_RANGES) {
                return MALFORMED;
            }
            specs.add(spec);
        }
        return specs.isEmpty() ? MALFORMED : new RangeHeader(specs, false);
    }

    private static RangeSpec parseSpec(String spec) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String firstText = HttpSyntax.trimOws(spec.substring(0, dash));
        String lastText = HttpSyntax.trimOws(spec.substring(dash + 1));
        if (firstText.isEmpty()) {
            long suffixLength = parseDigits(lastText);
            return suffixLength < 0 ? null : new RangeSpec.Suffix(suffixLength);
        }
        long first = parseDigits(firstText);
        if (first < 0) {
            return null;
        }
        if (lastText.isEmpty()) {
            return new RangeSpec.Interval(first, Long.MAX_VALUE);
        }
        long last = parseDigits(lastText);
        return last < first ? null : new RangeSpec.Interval(first, last);
    }

    /** {@code 1*DIGIT} saturating at {@link Long#MAX_VALUE}; -1 if not digits. */
    private static long parseDigits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long result = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int digit = c - '0';
            result = result > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : result * 10 + digit;
        }
        return result;
    }
}

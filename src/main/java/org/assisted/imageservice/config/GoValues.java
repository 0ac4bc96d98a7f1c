package org.assisted.imageservice.config;

import java.math.BigInteger;
import java.util.OptionalLong;
import java.util.Set;

/** Go's {@code strconv.ParseInt(s, 0, 64)} and {@code strconv.ParseBool}, as envconfig applies them. */
final class GoValues {

    private static final Set<String> TRUE_LITERALS = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE_LITERALS = Set.of("0", "f", "F", "FALSE", "false", "False");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GoValues() {
    }

    /** Sign, base prefix ({@code 0x}, {@code 0o}, {@code 0b}, leading {@code 0} = octal), digit-separating underscores. */
    static OptionalLong parseInt(String text) {
        boolean negative = text.startsWith("-");
        String unsigned = negative || text.startsWith("+") ? text.substring(1) : text;
        int radix = 10;
        String digits = unsigned;
        if (unsigned.length() >= 2 && unsigned.charAt(0) == '0') {
            char marker = Character.toLowerCase(unsigned.charAt(1));
            radix = switch (marker) {
                case 'x' -> 16;
                case 'o' -> 8;
                case 'b' -> 2;
                default -> 8;
            };
            digits = unsigned.substring(marker == 'x' || marker == 'o' || marker == 'b' ? 2 : 1);
        }
        if (!underscoresOk(unsigned)) {
            return OptionalLong.empty();
        }
        digits = digits.replace("_", "");
        if (digits.isEmpty() || !allDigits(digits, radix)) {
            return OptionalLong.empty();
        }
        BigInteger value = new BigInteger(digits, radix);
        value = negative ? value.negate() : value;
        if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(value.longValue());
    }

    /** @return null when the text is not one of Go's boolean literals */
    static Boolean parseBool(String text) {
        if (TRUE_LITERALS.contains(text)) {
            return Boolean.TRUE;
        }
        return FALSE_LITERALS.contains(text) ? Boolean.FALSE : null;
    }

    private static boolean allDigits(String digits, int radix) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c > 0x7f || Character.digit(c, radix) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Go's underscoreOK: '_' only between digits, or between the base prefix and a digit. */
    private static boolean underscoresOk(String unsigned) {
        char saw = '^';
        int i = 0;
        boolean hex = false;
        if (unsigned.length() >= 2 && unsigned.charAt(0) == '0'
                && "bBoOxX".indexOf(unsigned.charAt(1)) >= 0) {
            i = 2;
            saw = '0';
            hex = Character.toLowerCase(unsigned.charAt(1)) == 'x';
        }
        for (; i < unsigned.length(); i++) {
            char c = unsigned.charAt(i);
            char lower = Character.toLowerCase(c);
            if ((c >= '0' && c <= '9') || (hex && lower >= 'a' && lower <= 'f')) {
                saw = '0';
            } else if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
            } else {
                if (saw == '_') {
                    return false;
                }
                saw = '!';
            }
        }
        return saw != '_';
    }
}

package org.assisted.imageservice.http;

/** Character classes of RFC 9110 §5.6 shared by the header parsers. */
final class HttpSyntax {

    private static final String TOKEN_SPECIALS = "!#$%&'*+-.^_`|~";

    private HttpSyntax() {
    }

    /** {@code tchar} of RFC 9110 §5.6.2. */
    static boolean isTokenChar(char c) {
        boolean alphaNumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return alphaNumeric || TOKEN_SPECIALS.indexOf(c) >= 0;
    }

    /** {@code token = 1*tchar}. */
    static boolean isToken(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> isTokenChar((char) c));
    }

    /** Strips {@code OWS} (SP and HTAB, RFC 9110 §5.6.3) from both ends. */
    static String trimOws(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isOws(text.charAt(start))) {
            start++;
        }
        while (end > start && isOws(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}

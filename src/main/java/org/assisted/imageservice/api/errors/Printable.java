package org.assisted.imageservice.api.errors;

/** Makes user input safe to echo in a plain-text error body or a log line. */
public final class Printable {

    private static final int MAX_CHARS = 256;

    private Printable() {
    }

    /** Control characters become '?', and the value is cut to {@value #MAX_CHARS} characters. */
    public static String of(String value) {
        String cut = value.length() > MAX_CHARS ? value.substring(0, MAX_CHARS) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}

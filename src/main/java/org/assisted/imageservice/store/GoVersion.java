package org.assisted.imageservice.store;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version compared the way hashicorp/go-version does, which upstream uses for image deduplication and
 * nmstate eligibility. Its quirks are kept on purpose: {@code 1.2.0.0-beta} equals {@code 1.2} because
 * pre-releases only count when both versions have the same number of segments, and a pre-release
 * identifier that is too large for a signed 64-bit number is treated as non-numeric. The ordering is
 * therefore not transitive across segment counts, and this class deliberately does not override equals.
 */
public final class GoVersion implements Comparable<GoVersion> {
    private static final Pattern GRAMMAR = Pattern.compile(
            "v?([0-9]+(\\.[0-9]+)*?)"
                    + "(-([0-9]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)|(-?([A-Za-z\\-~]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)))?"
                    + "(\\+([0-9A-Za-z\\-~]+(\\.[0-9A-Za-z\\-~]+)*))??");
    private static final int MIN_SEGMENTS = 3;

    private final long[] segments;
    private final String prerelease;
    private final String metadata;

    private GoVersion(long[] segments, String prerelease, String metadata) {
        this.segments = segments;
        this.prerelease = prerelease;
        this.metadata = metadata;
    }

    /**
     * @throws IllegalArgumentException {@code malformed version: <text>} when the text does not match the grammar
     *                                  or a segment does not fit in a signed 64-bit number
     */
    public static GoVersion parse(String text) {
        Matcher m = GRAMMAR.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed version: " + text);
        }
        String[] parts = m.group(1).split("\\.");
        long[] segments = new long[Math.max(parts.length, MIN_SEGMENTS)];
        for (int i = 0; i < parts.length; i++) {
            try {
                segments[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed version: " + text + ": segment " + parts[i] + " is out of range", e);
            }
        }
        String pre = m.group(7) != null ? m.group(7) : nullToEmpty(m.group(4));
        return new GoVersion(segments, pre, nullToEmpty(m.group(10)));
    }

    /** @return the pre-release without its leading {@code -}, or an empty string */
    public String prerelease() {
        return prerelease;
    }

    @Override
    public int compareTo(GoVersion other) {
        if (toString().equals(other.toString())) {
            return 0;
        }
        if (Arrays.equals(segments, other.segments)) {
            if (prerelease.isEmpty() && other.prerelease.isEmpty()) {
                return 0;
            }
            if (prerelease.isEmpty()) {
                return 1;
            }
            if (other.prerelease.isEmpty()) {
                return -1;
            }
            return comparePrereleases(prerelease, other.prerelease);
        }
        int longest = Math.max(segments.length, other.segments.length);
        for (int i = 0; i < longest; i++) {
            int c = Long.compare(segmentAt(segments, i), segmentAt(other.segments, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The canonical form: segments padded to three, then {@code -pre} and {@code +metadata} when present. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            sb.append(i == 0 ? "" : ".").append(segments[i]);
        }
        if (!prerelease.isEmpty()) {
            sb.append('-').append(prerelease);
        }
        if (!metadata.isEmpty()) {
            sb.append('+').append(metadata);
        }
        return sb.toString();
    }

    private static long segmentAt(long[] segments, int i) {
        return i < segments.length ? segments[i] : 0;
    }

    private static int comparePrereleases(String self, String other) {
        String[] selfParts = self.split("\\.", -1);
        String[] otherParts = other.split("\\.", -1);
        int longest = Math.max(selfParts.length, otherParts.length);
        for (int i = 0; i < longest; i++) {
            String a = i < selfParts.length ? selfParts[i] : "";
            String b = i < otherParts.length ? otherParts[i] : "";
            int c = comparePart(a, b);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int comparePart(String self, String other) {
        if (self.equals(other)) {
            return 0;
        }
        GoInt a = GoInt.parse(self);
        GoInt b = GoInt.parse(other);
        if (self.isEmpty()) {
            return b.numeric() ? -1 : 1;
        }
        if (other.isEmpty()) {
            return a.numeric() ? 1 : -1;
        }
        if (a.numeric() && !b.numeric()) {
            return -1;
        }
        if (!a.numeric() && b.numeric()) {
            return 1;
        }
        if (!a.numeric() && self.compareTo(other) > 0) {
            return 1;
        }
        return a.value() > b.value() ? 1 : -1;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Go's {@code strconv.ParseInt(s, 10, 64)}: on overflow the value saturates but the parse still fails. */
    private record GoInt(boolean numeric, long value) {
        static GoInt parse(String s) {
            try {
                return new GoInt(true, Long.parseLong(s));
            } catch (NumberFormatException e) {
                if (s.matches("[+-]?[0-9]+")) {
                    return new GoInt(false, s.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE);
                }
                return new GoInt(false, 0);
            }
        }
    }
}

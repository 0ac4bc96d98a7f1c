package org.assisted.imageservice.http;

/**
 * A satisfiable byte range of a representation, both ends inclusive (RFC 9110 §14.1.1).
 *
 * @param first position of the first byte, {@code >= 0}
 * @param last  position of the last byte, {@code >= first}
 */
public record ByteRange(long first, long last) {

    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("invalid byte range " + first + "-" + last);
        }
    }

    /** Number of bytes in the range. */
    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value for this range (RFC 9110 §14.4), e.g. {@code bytes 0-99/1000}. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}

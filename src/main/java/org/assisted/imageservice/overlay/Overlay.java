package org.assisted.imageservice.overlay;

/**
 * Bytes that replace (or, past the end of the base, extend) a response's content.
 *
 * @param offset position in the response content, in bytes
 * @param bytes  the replacement; never modified after construction
 */
public record Overlay(long offset, byte[] bytes) {
    public long end() {
        return offset + bytes.length;
    }
}

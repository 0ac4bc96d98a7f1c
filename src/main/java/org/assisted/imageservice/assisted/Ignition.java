package org.assisted.imageservice.assisted;

import java.time.Instant;
import java.util.Optional;

/**
 * @param content      the raw Ignition config; may be empty
 * @param lastModified the response's {@code Last-Modified}, when present and a valid HTTP-date (RFC 9110 §5.6.7)
 */
public record Ignition(byte[] content, Optional<Instant> lastModified) {

    @Override
    public String toString() {
        return "Ignition[" + content.length + " bytes, lastModified=" + lastModified + "]";
    }
}

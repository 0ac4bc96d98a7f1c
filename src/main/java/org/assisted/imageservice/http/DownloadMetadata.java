package org.assisted.imageservice.http;

import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Objects;

/**
 * Response metadata of a download that does not depend on the request.
 *
 * @param lastModified modification time; {@code null} or the Unix epoch means unknown (no
 *                     {@code Last-Modified}, date preconditions skipped, as Go does for a zero time)
 * @param fileName     name for {@code Content-Disposition: attachment; filename=<name>} (unquoted,
 *                     as upstream); see {@link #dispositionFileName()}
 * @param type         {@code Content-Type} of the representation (and of each multipart part)
 * @param contentType  {@code type} as a header value, formatted once (JAX-RS formats a media type through its
 *                     runtime's header delegate on every call)
 */
public record DownloadMetadata(Instant lastModified, String fileName, MediaType type, String contentType) {

    public DownloadMetadata(Instant lastModified, String fileName, MediaType type) {
        this(lastModified, fileName, type, type.toString());
    }

    private static final char REPLACEMENT = '_';

    public DownloadMetadata {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(contentType, "contentType");
        if (fileName.isEmpty()) {
            throw new IllegalArgumentException("empty download file name");
        }
    }

    /**
     * The file name as an RFC 9110 §5.6.2 token: every other character (CR, LF, quotes, spaces,
     * semicolons, non-ASCII, controls) becomes {@code _}, so the unquoted header value stays a single
     * well-formed parameter whatever the name came from (e.g. an ID taken from a JWT).
     */
    public String dispositionFileName() {
        StringBuilder name = new StringBuilder(fileName.length());
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            name.append(HttpSyntax.isTokenChar(c) ? c : REPLACEMENT);
        }
        return name.toString();
    }

    /** The {@code Content-Disposition} value (RFC 6266 §4.1). */
    public String contentDisposition() {
        return "attachment; filename=" + dispositionFileName();
    }
}

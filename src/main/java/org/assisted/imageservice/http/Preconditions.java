package org.assisted.imageservice.http;

import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.util.Optional;

/**
 * Conditional request evaluation (RFC 9110 §13.2.2) for representations that have a modification
 * time but no entity-tag, with the results of Go's {@code http.ServeContent}
 * (docs/upstream-behaviour.md#serving-semantics).
 *
 * <p>Because no ETag is ever produced, an entity-tag in {@code If-Match} never matches and one in
 * {@code If-None-Match} never matches either; only {@code *} does. Entity-tag lists are scanned as
 * Go does: elements are {@code *} or {@code [W/]"etagc*"}, separated by commas and whitespace, and
 * scanning stops at the first invalid element. Dates are compared at second precision; an invalid
 * date makes its header count as absent.
 */
public final class Preconditions {

    private static final String IF_RANGE = "If-Range";

    /** Result of {@link #evaluate}. */
    public enum Outcome {
        /** Continue: serve the representation (possibly a range of it). */
        PROCEED,
        /** 304 Not Modified. */
        NOT_MODIFIED,
        /** 412 Precondition Failed. */
        PRECONDITION_FAILED
    }

    private Preconditions() {
    }

    /**
     * Evaluates If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since in RFC 9110
     * §13.2.2 order (steps 1-4).
     *
     * @param method       request method, compared case-sensitively with {@code GET} and {@code HEAD}
     * @param lastModified modification time truncated to seconds, or {@code null} if unknown (date
     *                     conditions are then skipped)
     */
    public static Outcome evaluate(String method, RequestHeaders headers, Instant lastModified) {
        String ifMatch = headers.joined(HttpHeaders.IF_MATCH);
        if (ifMatch != null && !ifMatch.isEmpty()) {
            if (!hasWildcard(ifMatch)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else if (isAfter(lastModified, firstDate(headers, HttpHeaders.IF_UNMODIFIED_SINCE))) {
            return Outcome.PRECONDITION_FAILED;
        }
        boolean safe = isGetOrHead(method);
        String ifNoneMatch = headers.joined(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && !ifNoneMatch.isEmpty()) {
            if (hasWildcard(ifNoneMatch)) {
                return safe ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
            }
            return Outcome.PROCEED;
        }
        Optional<Instant> since = firstDate(headers, HttpHeaders.IF_MODIFIED_SINCE);
        if (safe && lastModified != null && since.isPresent() && !lastModified.isAfter(since.get())) {
            return Outcome.NOT_MODIFIED;
        }
        return Outcome.PROCEED;
    }

    /**
     * Whether a {@code Range} header may be honoured given {@code If-Range} (RFC 9110 §13.1.5): true
     * without {@code If-Range} or for methods other than GET/HEAD; false for an entity-tag (none
     * matches), an invalid date, an unknown modification time, or a date in another second.
     */
    public static boolean rangeApplies(String method, RequestHeaders headers, Instant lastModified) {
        String ifRange = headers.first(IF_RANGE);
        if (!isGetOrHead(method) || ifRange == null || ifRange.isEmpty()) {
            return true;
        }
        if (entityTagEnd(HttpSyntax.trimOws(ifRange), 0) >= 0 || lastModified == null) {
            return false;
        }
        return HttpDates.parse(ifRange).map(lastModified::equals).orElse(false);
    }

    static boolean isGetOrHead(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    private static boolean isAfter(Instant lastModified, Optional<Instant> date) {
        return lastModified != null && date.isPresent() && lastModified.isAfter(date.get());
    }

    private static Optional<Instant> firstDate(RequestHeaders headers, String name) {
        return HttpDates.parse(headers.first(name));
    }

    /** Whether an entity-tag list holds {@code *} before its first invalid element. */
    private static boolean hasWildcard(String list) {
        int position = 0;
        while (true) {
            while (position < list.length() && (list.charAt(position) == ','
                    || list.charAt(position) == ' ' || list.charAt(position) == '\t')) {
                position++;
            }
            if (position == list.length()) {
                return false;
            }
            if (list.charAt(position) == '*') {
                return true;
            }
            position = entityTagEnd(list, position);
            if (position < 0) {
                return false;
            }
        }
    }

    /** End index of an RFC 9110 §8.8.3 entity-tag starting at {@code start}, or -1 if there is none. */
    private static int entityTagEnd(String text, int start) {
        int quote = text.startsWith("W/", start) ? start + 2 : start;
        if (quote >= text.length() || text.charAt(quote) != '"') {
            return -1;
        }
        for (int i = quote + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c != 0x21 && (c < 0x23 || c == 0x7F)) {
                return -1;
            }
        }
        return -1;
    }
}

package org.assisted.imageservice.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

import org.assisted.imageservice.overlay.OverlayPlan;

/**
 * Builds the response of every download with the semantics of Go's {@code http.ServeContent}
 * (docs/upstream-behaviour.md#serving-semantics): preconditions (RFC 9110 §13), {@code If-Range} and {@code Range}
 * (RFC 9110 §14), exact {@code Content-Length}, and no body for HEAD.
 *
 * <p>Headers by status:
 * <ul>
 *   <li>200/206: {@code Last-Modified}, {@code Content-Disposition}, {@code Content-Type},
 *       {@code Content-Length}, {@code Accept-Ranges: bytes}; 206 adds {@code Content-Range} (one
 *       range) or uses {@code multipart/byteranges; boundary=...} (several ranges);</li>
 *   <li>304/412: {@code Last-Modified} and {@code Content-Disposition} only;</li>
 *   <li>416: {@code Content-Range: bytes *}{@code /<length>}, {@code Content-Disposition} and a
 *       {@code text/plain} body naming the problem (as Go's error text), no {@code Last-Modified}.</li>
 * </ul>
 * {@code Range} is honoured only for GET and HEAD (RFC 9110 §14.2). The multipart boundary is random
 * per response, so only multi-range bodies differ between instances; all other bodies are
 * byte-identical for the same plan.
 */
public final class DownloadResponses {

    /** {@code multipart/byteranges} boundary length: 16 random bytes in hex. */
    private static final int BOUNDARY_RANDOM_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ACCEPT_RANGES = "Accept-Ranges";
    private static final String CONTENT_RANGE = "Content-Range";
    private static final String RANGE = "Range";
    private static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";
    private static final String ERROR_TYPE = "text/plain; charset=utf-8";

    private DownloadResponses() {
    }

    /**
     * Builds the complete response for {@code plan}; the body, if any, is an
     * {@link OverlayStreamingOutput} that opens the base file only when written.
     *
     * @param request supplies the method; for {@code HEAD} the response has the same status and
     *                headers as for {@code GET} but no entity
     * @param headers request headers (conditional and range headers are read)
     */
    public static Response build(Request request, HttpHeaders headers, OverlayPlan plan, DownloadMetadata meta) {
        return decide(request.getMethod(), RequestHeaders.of(headers), plan, meta).toResponse();
    }

    /**
     * Decides the response for {@code plan}: {@link #build} as plain status, header lines and body, for callers
     * outside JAX-RS.
     *
     * @param method  the request method; for {@code HEAD} the answer has the same status and headers as for
     *                {@code GET} but no body
     * @param headers request headers (conditional and range headers are read)
     */
    public static DownloadAnswer decide(String method, RequestHeaders headers, OverlayPlan plan,
            DownloadMetadata meta) {
        Instant lastModified = knownTime(meta.lastModified());
        switch (Preconditions.evaluate(method, headers, lastModified)) {
            case NOT_MODIFIED:
                return withValidators(new DownloadAnswer.Builder(304), lastModified, meta).build(null, null);
            case PRECONDITION_FAILED:
                return withValidators(new DownloadAnswer.Builder(412), lastModified, meta).build(null, null);
            default:
                break;
        }
        RangeHeader range = Preconditions.isGetOrHead(method)
                && Preconditions.rangeApplies(method, headers, lastModified)
                ? RangeHeader.parse(headers.first(RANGE))
                : RangeHeader.IGNORED;
        RangeDecision decision = RangeDecision.of(range, plan.length());
        boolean head = "HEAD".equals(method);
        if (decision instanceof RangeDecision.Partial partial) {
            return partial(partial.ranges(), plan, meta, lastModified, head);
        }
        if (decision instanceof RangeDecision.Unsatisfiable unsatisfiable) {
            return unsatisfiable(unsatisfiable.malformed(), plan.length(), meta, head);
        }
        OverlayStreamingOutput body = OverlayStreamingOutput.full(plan);
        return content(new DownloadAnswer.Builder(200), body, meta.contentType(), meta, lastModified)
                .build(head ? null : body, null);
    }

    private static DownloadAnswer partial(List<ByteRange> ranges, OverlayPlan plan, DownloadMetadata meta,
            Instant lastModified, boolean head) {
        DownloadAnswer.Builder builder = new DownloadAnswer.Builder(206);
        if (ranges.size() == 1) {
            ByteRange range = ranges.get(0);
            OverlayStreamingOutput body = OverlayStreamingOutput.range(plan, range);
            return content(builder, body, meta.contentType(), meta, lastModified)
                    .header(CONTENT_RANGE, range.contentRange(plan.length()))
                    .build(head ? null : body, null);
        }
        String boundary = newBoundary();
        OverlayStreamingOutput body = OverlayStreamingOutput.multipart(plan, ranges, meta.contentType(), boundary);
        String type = "multipart/byteranges; boundary=" + boundary;
        return content(builder, body, type, meta, lastModified).build(head ? null : body, null);
    }

    private static DownloadAnswer unsatisfiable(boolean malformed, long length, DownloadMetadata meta, boolean head) {
        return new DownloadAnswer.Builder(416)
                .header(CONTENT_RANGE, "bytes */" + length)
                .header(HttpHeaders.CONTENT_DISPOSITION, meta.contentDisposition())
                .header(HttpHeaders.CONTENT_TYPE, ERROR_TYPE)
                .header(CONTENT_TYPE_OPTIONS, "nosniff")
                .build(null, head ? null : malformed ? "invalid range\n" : "invalid range: failed to overlap\n");
    }

    private static DownloadAnswer.Builder content(DownloadAnswer.Builder builder, OverlayStreamingOutput body,
            String type, DownloadMetadata meta, Instant lastModified) {
        return withValidators(builder, lastModified, meta)
                .header(HttpHeaders.CONTENT_TYPE, type)
                .header(HttpHeaders.CONTENT_LENGTH, Long.toString(body.contentLength()))
                .header(ACCEPT_RANGES, "bytes");
    }

    private static DownloadAnswer.Builder withValidators(DownloadAnswer.Builder builder, Instant lastModified,
            DownloadMetadata meta) {
        if (lastModified != null) {
            builder.header(HttpHeaders.LAST_MODIFIED, HttpDates.format(lastModified));
        }
        return builder.header(HttpHeaders.CONTENT_DISPOSITION, meta.contentDisposition());
    }

    /** Truncates to seconds; {@code null} for an unknown time (null or the Unix epoch, as Go's zero time). */
    private static Instant knownTime(Instant time) {
        return time == null || Instant.EPOCH.equals(time) ? null : time.truncatedTo(ChronoUnit.SECONDS);
    }

    private static String newBoundary() {
        byte[] random = new byte[BOUNDARY_RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

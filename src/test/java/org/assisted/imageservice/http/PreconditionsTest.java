package org.assisted.imageservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;

import org.assisted.imageservice.overlay.OverlayPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 9110 §13.2.2 evaluation order with Go ServeContent results (no ETag), modelled on Tomcat's
 * TestDefaultServletRfc9110Section13. Date columns are symbolic: EQ = the Last-Modified second, LT =
 * one second earlier, GT = one second later, EQ850/EQASC = EQ in RFC 850 / asctime form, BAD = not a
 * date, LT+GT / GT+LT = two header lines. The representation was modified at a fraction of a second.
 */
class PreconditionsTest {

    private static final Instant MODIFIED = Instant.parse("2024-06-11T10:20:30.789Z");
    private static final OverlayPlan PLAN = OverlayPlan.ofBytes(new byte[100]);

    @ParameterizedTest(name = "{0} If-Match[{1}] IUS[{2}] If-None-Match[{3}] IMS[{4}] If-Range[{5}] Range[{6}]")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // no conditions
        "GET  | -           | -     | -           | -     | -       | -         | 200",
        "HEAD | -           | -     | -           | -     | -       | -         | 200",
        // step 1: If-Match (no ETag exists, only * passes; If-Unmodified-Since is then ignored)
        "GET  | *           | LT    | -           | -     | -       | -         | 200",
        "POST | *           | -     | -           | -     | -       | -         | 200",
        "GET  | \"abc\"     | -     | -           | -     | -       | -         | 412",
        "GET  | \"abc\"     | GT    | -           | -     | -       | -         | 412",
        "HEAD | W/\"abc\"   | -     | -           | -     | -       | -         | 412",
        "GET  | \"a\", \"b\"| -     | -           | -     | -       | -         | 412",
        "GET  | \"a\", *    | -     | -           | -     | -       | -         | 200",
        "GET  | foo, *      | -     | -           | -     | -       | -         | 412",
        "POST | \"abc\"     | -     | -           | -     | -       | -         | 412",
        // step 2: If-Unmodified-Since
        "GET  | -           | EQ    | -           | -     | -       | -         | 200",
        "GET  | -           | GT    | -           | -     | -       | -         | 200",
        "GET  | -           | LT    | -           | -     | -       | -         | 412",
        "POST | -           | LT    | -           | -     | -       | -         | 412",
        "GET  | -           | EQ850 | -           | -     | -       | -         | 200",
        "GET  | -           | BAD   | -           | -     | -       | -         | 200",
        "GET  | -           | LT+GT | -           | -     | -       | -         | 412",
        "GET  | -           | GT+LT | -           | -     | -       | -         | 200",
        "GET  | -           | LT    | -           | GT    | -       | -         | 412",
        // step 3: If-None-Match (only * matches; any other value makes If-Modified-Since ignored)
        "GET  | -           | -     | *           | -     | -       | -         | 304",
        "HEAD | -           | -     | *           | GT    | -       | -         | 304",
        "POST | -           | -     | *           | -     | -       | -         | 412",
        "GET  | -           | -     | \"abc\"     | -     | -       | -         | 200",
        "GET  | -           | -     | \"abc\"     | GT    | -       | -         | 200",
        "GET  | -           | -     | \"a\", *    | -     | -       | -         | 304",
        "GET  | -           | -     | junk        | EQ    | -       | -         | 200",
        "GET  | *           | -     | *           | -     | -       | -         | 304",
        "GET  | \"abc\"     | -     | *           | -     | -       | -         | 412",
        // step 4: If-Modified-Since (GET and HEAD only)
        "GET  | -           | -     | -           | EQ    | -       | -         | 304",
        "HEAD | -           | -     | -           | EQ    | -       | -         | 304",
        "GET  | -           | -     | -           | GT    | -       | -         | 304",
        "GET  | -           | -     | -           | LT    | -       | -         | 200",
        "GET  | -           | -     | -           | EQASC | -       | -         | 304",
        "GET  | -           | -     | -           | BAD   | -       | -         | 200",
        "GET  | -           | -     | -           | GT+LT | -       | -         | 304",
        "GET  | -           | -     | -           | LT+GT | -       | -         | 200",
        "POST | -           | -     | -           | EQ    | -       | -         | 200",
        // step 5: If-Range (a date in the Last-Modified second keeps the Range; anything else drops it)
        "GET  | -           | -     | -           | -     | -       | bytes=0-9 | 206",
        "HEAD | -           | -     | -           | -     | -       | bytes=0-9 | 206",
        "GET  | -           | -     | -           | -     | EQ      | bytes=0-9 | 206",
        "GET  | -           | -     | -           | -     | EQ850   | bytes=0-9 | 206",
        "GET  | -           | -     | -           | -     | LT      | bytes=0-9 | 200",
        "GET  | -           | -     | -           | -     | GT      | bytes=0-9 | 200",
        "GET  | -           | -     | -           | -     | BAD     | bytes=0-9 | 200",
        "GET  | -           | -     | -           | -     | \"abc\" | bytes=0-9 | 200",
        "GET  | -           | -     | -           | -     | W/\"a\" | bytes=0-9 | 200",
        "GET  | -           | -     | -           | -     | LT      | bytes=x   | 200",
        "GET  | -           | -     | -           | -     | EQ      | bytes=x   | 416",
        "GET  | -           | -     | -           | GT    | EQ      | bytes=0-9 | 304",
        "GET  | -           | -     | -           | LT    | EQ      | bytes=0-9 | 206",
        // Range applies to GET and HEAD only
        "POST | -           | -     | -           | -     | -       | bytes=0-9 | 200",
        "POST | -           | -     | -           | -     | -       | bytes=x   | 200",
    })
    void evaluatesConditionsInRfcOrder(String method, String ifMatch, String ifUnmodifiedSince, String ifNoneMatch,
            String ifModifiedSince, String ifRange, String range, int expected) {
        FakeRequest request = FakeRequest.of(method)
                .header("If-Match", ifMatch)
                .header("If-None-Match", ifNoneMatch)
                .header("Range", range);
        addDates(request, "If-Unmodified-Since", ifUnmodifiedSince);
        addDates(request, "If-Modified-Since", ifModifiedSince);
        addDates(request, "If-Range", ifRange);
        DownloadMetadata meta = new DownloadMetadata(MODIFIED, "x.iso", MediaType.APPLICATION_OCTET_STREAM_TYPE);

        Response response = DownloadResponses.build(request, request, PLAN, meta);

        assertEquals(expected, response.getStatus());
    }

    @Test
    void unknownModificationTimeSkipsDateConditions() {
        FakeRequest request = FakeRequest.of("GET")
                .header("If-Modified-Since", date("GT"))
                .header("If-Unmodified-Since", date("LT"));
        assertEquals(Preconditions.Outcome.PROCEED, Preconditions.evaluate("GET", RequestHeaders.of(request), null));
        FakeRequest ranged = FakeRequest.of("GET").header("If-Range", date("EQ"));
        assertEquals(false, Preconditions.rangeApplies("GET", RequestHeaders.of(ranged), null));
    }

    private static void addDates(FakeRequest request, String name, String token) {
        if (token == null) {
            return;
        }
        for (String part : token.split("\\+")) {
            request.header(name, date(part));
        }
    }

    private static String date(String token) {
        Instant second = Instant.parse("2024-06-11T10:20:30Z");
        switch (token) {
            case "EQ":
                return "Tue, 11 Jun 2024 10:20:30 GMT";
            case "LT":
                return HttpDates.format(second.minusSeconds(1));
            case "GT":
                return HttpDates.format(second.plusSeconds(1));
            case "EQ850":
                return "Tuesday, 11-Jun-24 10:20:30 GMT";
            case "EQASC":
                return "Tue Jun 11 10:20:30 2024";
            case "BAD":
                return "yesterday";
            default:
                return token;
        }
    }
}

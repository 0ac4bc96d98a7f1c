package org.assisted.imageservice.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

import org.assisted.imageservice.overlay.OverlayPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DownloadResponsesTest {

    private static final OverlayPlan PLAN = OverlayPlan.ofBytes(new byte[100]);
    private static final DownloadMetadata META = new DownloadMetadata(
            Instant.parse("2024-06-11T10:20:30.789Z"), "abc-discovery.iso", MediaType.APPLICATION_OCTET_STREAM_TYPE);
    private static final String LAST_MODIFIED = "Tue, 11 Jun 2024 10:20:30 GMT";

    @Test
    void fullResponseCarriesAllHeadersAndAStreamingBody() throws IOException {
        Response response = build(FakeRequest.of("GET"), PLAN, META);

        assertEquals(200, response.getStatus());
        assertEquals("100", response.getHeaderString("Content-Length"));
        assertEquals("bytes", response.getHeaderString("Accept-Ranges"));
        assertEquals(LAST_MODIFIED, response.getHeaderString("Last-Modified"));
        assertEquals("attachment; filename=abc-discovery.iso", response.getHeaderString("Content-Disposition"));
        assertEquals("application/octet-stream", response.getHeaderString("Content-Type"));
        assertNull(response.getHeaderString("Content-Range"));
        assertEquals(100, written(response).length);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "bytes=10-19", "bytes=0-1,5-9", "bytes=500-", "bytes=x"})
    void headHasTheHeadersOfGetButNoEntity(String range) {
        Response get = build(FakeRequest.of("GET").header("Range", range), PLAN, META);
        Response head = build(FakeRequest.of("HEAD").header("Range", range), PLAN, META);

        assertEquals(get.getStatus(), head.getStatus());
        assertFalse(head.hasEntity());
        assertTrue(get.hasEntity());
        for (String name : new String[] {"Content-Length", "Content-Range", "Accept-Ranges", "Last-Modified",
            "Content-Disposition"}) {
            assertEquals(get.getHeaderString(name), head.getHeaderString(name), name);
        }
        String getType = get.getHeaderString("Content-Type");
        assertEquals(getType.replaceAll("boundary=.*", ""), head.getHeaderString("Content-Type").replaceAll("boundary=.*", ""));
    }

    @Test
    void singleRangeIs206WithContentRange() throws IOException {
        Response response = build(FakeRequest.of("GET").header("Range", "bytes=10-19"), PLAN, META);

        assertEquals(206, response.getStatus());
        assertEquals("bytes 10-19/100", response.getHeaderString("Content-Range"));
        assertEquals("10", response.getHeaderString("Content-Length"));
        assertEquals("bytes", response.getHeaderString("Accept-Ranges"));
        assertEquals(10, written(response).length);
    }

    @Test
    void multipleRangesAreMultipartWithExactLengthAndFreshBoundary() throws IOException {
        FakeRequest request = FakeRequest.of("GET").header("Range", "bytes=0-1,5-9");
        Response first = build(request, PLAN, META);
        Response second = build(request, PLAN, META);

        assertEquals(206, first.getStatus());
        String type = first.getHeaderString("Content-Type");
        assertTrue(type.matches("multipart/byteranges; boundary=[0-9a-f]{32}"), type);
        assertNotEquals(type, second.getHeaderString("Content-Type"));
        assertNull(first.getHeaderString("Content-Range"));
        assertEquals(Long.parseLong(first.getHeaderString("Content-Length")), written(first).length);
    }

    @Test
    void rangesBeyondTheEndAre416WithTheSize() {
        Response response = build(FakeRequest.of("GET").header("Range", "bytes=100-"), PLAN, META);

        assertEquals(416, response.getStatus());
        assertEquals("bytes */100", response.getHeaderString("Content-Range"));
        assertEquals("invalid range: failed to overlap\n", response.getEntity());
        assertEquals("text/plain; charset=utf-8", response.getHeaderString("Content-Type"));
        assertNull(response.getHeaderString("Accept-Ranges"));
        assertNull(response.getHeaderString("Last-Modified"));
    }

    @Test
    void malformedRangeIs416() {
        Response response = build(FakeRequest.of("GET").header("Range", "bytes=9-1"), PLAN, META);

        assertEquals(416, response.getStatus());
        assertEquals("bytes */100", response.getHeaderString("Content-Range"));
        assertEquals("invalid range\n", response.getEntity());
    }

    @Test
    void emptyContentIgnoresUnsatisfiableRanges() throws IOException {
        Response response = build(FakeRequest.of("GET").header("Range", "bytes=0-"), OverlayPlan.ofBytes(new byte[0]), META);

        assertEquals(200, response.getStatus());
        assertEquals("0", response.getHeaderString("Content-Length"));
        assertEquals(0, written(response).length);
    }

    @Test
    void notModifiedKeepsOnlyValidatorsAndDisposition() {
        Response response = build(FakeRequest.of("GET").header("If-Modified-Since", LAST_MODIFIED), PLAN, META);

        assertEquals(304, response.getStatus());
        assertEquals(LAST_MODIFIED, response.getHeaderString("Last-Modified"));
        assertEquals("attachment; filename=abc-discovery.iso", response.getHeaderString("Content-Disposition"));
        assertNull(response.getHeaderString("Content-Type"));
        assertNull(response.getHeaderString("Content-Length"));
        assertNull(response.getHeaderString("Accept-Ranges"));
        assertFalse(response.hasEntity());
    }

    @Test
    void preconditionFailedHasNoBody() {
        Response response = build(FakeRequest.of("GET").header("If-Match", "\"x\""), PLAN, META);

        assertEquals(412, response.getStatus());
        assertEquals(LAST_MODIFIED, response.getHeaderString("Last-Modified"));
        assertNull(response.getHeaderString("Content-Length"));
        assertFalse(response.hasEntity());
    }

    @Test
    void unknownModificationTimeSendsNoLastModified() {
        for (Instant unknown : new Instant[] {null, Instant.EPOCH}) {
            DownloadMetadata meta = new DownloadMetadata(unknown, "a.img", MediaType.APPLICATION_OCTET_STREAM_TYPE);
            Response response = build(FakeRequest.of("GET").header("If-Modified-Since", LAST_MODIFIED), PLAN, meta);
            assertEquals(200, response.getStatus());
            assertNull(response.getHeaderString("Last-Modified"));
        }
    }

    @Test
    void fileNameIsReducedToATokenSoTheHeaderCannotBeSplit() {
        DownloadMetadata meta = new DownloadMetadata(null, "a\r\nSet-Cookie: x=\"1\";\u00e9\u0000.iso",
                MediaType.APPLICATION_OCTET_STREAM_TYPE);
        assertEquals("attachment; filename=a__Set-Cookie__x__1____.iso",
                build(FakeRequest.of("GET"), PLAN, meta).getHeaderString("Content-Disposition"));
    }

    @Test
    void contentTypeComesFromTheMetadata() {
        DownloadMetadata meta = new DownloadMetadata(null, "generic.ins", MediaType.valueOf("text/plain; charset=utf-8"));
        assertEquals("text/plain;charset=utf-8", build(FakeRequest.of("GET"), PLAN, meta).getHeaderString("Content-Type"));
    }

    @Test
    void lastModifiedOfADayBeforeThe10thHasATwoDigitDay() {
        DownloadMetadata early = new DownloadMetadata(Instant.parse("2026-12-02T16:26:07.5Z"), "abc-discovery.iso",
                MediaType.APPLICATION_OCTET_STREAM_TYPE);
        for (String method : new String[] {"GET", "HEAD"}) {
            Response response = build(FakeRequest.of(method), PLAN, early);
            assertEquals("Wed, 02 Dec 2026 16:26:07 GMT", response.getHeaderString("Last-Modified"), method);
        }
    }

    private static Response build(FakeRequest request, OverlayPlan plan, DownloadMetadata meta) {
        return DownloadResponses.build(request, request, plan, meta);
    }

    private static byte[] written(Response response) throws IOException {
        OverlayStreamingOutput body = assertInstanceOf(OverlayStreamingOutput.class, response.getEntity());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.write(out);
        assertEquals(body.contentLength(), out.size());
        return out.toByteArray();
    }
}

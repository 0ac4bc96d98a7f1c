package org.assisted.imageservice.it;

import static org.assisted.imageservice.it.ItImages.id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.assisted.imageservice.it.ItHttp.RawReply;
import org.assisted.imageservice.it.ItHttp.Reply;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readiness while an OS image is still downloading, the HTTP semantics of ISO downloads on a real Tomcat
 * (docs/upstream-behaviour.md#serving-semantics and #readiness: lengths, HEAD, ranges, conditional requests,
 * determinism) and the metrics they leave.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsoServingIT {

    private static final String VERSION = "418.94.202501221327-0";
    private static final String SLOW_VERSION = "419.96.202502011200-0";
    private static final String LAST_MODIFIED = "Fri, 22 Apr 2022 18:11:09 GMT";
    private static final String EARLIER = "Thu, 21 Apr 2022 18:11:09 GMT";
    private static final String LATER = "Sat, 23 Apr 2022 18:11:09 GMT";
    private static final String ISO_ID = id(60);
    private static final String ISO_PATH = "images/" + ISO_ID + "?version=4.17&type=full-iso";
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
            + "[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final String READINESS_TEST = "imageRoutesAnswer503UntilTheSlowImageIsStored";

    private static FakeAssistedService assisted;
    private static StalledMirror mirror;
    private static Path x86Iso;
    private static long size;
    private static long ignitionOffset;
    private static byte[] full;

    @ArquillianResource
    private URL base;
    private ItHttp http;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        Path work = Deployments.workDir("iso-serving");
        Path src = Files.createDirectories(work.resolve("src"));
        x86Iso = TestIsos.x86_64("rhcos-" + VERSION).buildWithXorriso(src);
        size = Files.size(x86Iso);
        ignitionOffset = new IsoTools(src).offsetOf(x86Iso, "/images/ignition.img");
        mirror = StalledMirror.serve(TestIsos.x86_64("rhcos-" + SLOW_VERSION).buildWithXorriso(src));
        assisted = FakeAssistedService.start();
        assisted.image(ISO_ID).ignitionLastModified(LAST_MODIFIED);
        return Deployments.war("isoserving", ItImages.parameters(work, assisted, List.of(
                ItImages.Entry.full("4.17", "x86_64", VERSION, x86Iso),
                new ItImages.Entry("4.16", "x86_64", SLOW_VERSION, "full-iso", mirror.uri().toString()))));
    }

    @AfterAll
    static void stopFakes() {
        assisted.close();
        mirror.close();
    }

    @BeforeEach
    void readyUnlessTestingReadiness(TestInfo test) throws Exception {
        http = new ItHttp(base);
        if (!READINESS_TEST.equals(test.getTestMethod().orElseThrow().getName())) {
            mirror.release();
            http.awaitHealthy();
            if (full == null) {
                full = http.get(ISO_PATH).body();
            }
        }
    }

    @Test
    @Order(1)
    void imageRoutesAnswer503UntilTheSlowImageIsStored() throws Exception {
        String id = id(61);
        assisted.image(id);
        Reply health = http.get("health");
        assertEquals(503, health.status());
        JsonNode slow = imageHealth(health, SLOW_VERSION + "/x86_64/full-iso");
        assertTrue(Set.of("pending", "downloading").contains(slow.get("state").asText()), slow.toString());
        assertEmpty(503, http.get("images/" + id + "?version=4.16&type=full-iso"));
        assertEmpty(503, http.get("images/" + id.toUpperCase(Locale.ROOT) + "?version=4.16&type=full-iso"));
        assertEquals(List.of(), ItChecks.calls(assisted, id, Endpoint.IGNITION));
        assertEquals(200, http.get("live").status());
        assertEquals(200, http.get("metrics").status());

        mirror.release();
        http.awaitHealthy();

        assertEquals("ready", imageHealth(http.get("health"), SLOW_VERSION + "/x86_64/full-iso").get("state").asText());
        Reply served = http.get("images/" + id + "?version=4.16&type=full-iso");
        assertEquals(200, served.status());
        assertEquals(Files.size(mirror.file()), served.body().length);
    }

    @Test
    void fullGetHasTheExactLengthAndTheIgnitionDate() throws Exception {
        Reply reply = http.get(ISO_PATH);

        assertEquals(200, reply.status());
        assertEquals(size, reply.body().length);
        assertEquals(Long.toString(size), reply.requireHeader("Content-Length"));
        assertEquals("bytes", reply.requireHeader("Accept-Ranges"));
        assertEquals(LAST_MODIFIED, reply.requireHeader("Last-Modified"));
        assertEquals("attachment; filename=" + ISO_ID + "-discovery.iso", reply.requireHeader("Content-Disposition"));
    }

    @Test
    void headHasTheGetHeadersAndNoBody() throws Exception {
        Reply get = http.get(ISO_PATH);
        RawReply head = http.rawHead(ISO_PATH);

        assertTrue(head.head().startsWith("HTTP/1.1 200 "), head.head());
        assertEquals(0, head.bytesAfterHead(), "HEAD must not send a body");
        for (String name : List.of("Content-Length", "Accept-Ranges", "Last-Modified", "Content-Disposition",
                "Content-Type")) {
            assertTrue(head.head().contains("\r\n" + name + ": " + get.requireHeader(name)),
                    name + " in " + head.head());
        }
        assertFalse(head.head().toLowerCase(Locale.ROOT).contains("transfer-encoding"), head.head());
    }

    @Test
    void singleRangesAreSlicesOfTheFullBody() throws Exception {
        long first = ignitionOffset - 100;
        long last = ignitionOffset + 4095;
        assertRange("bytes=" + first + "-" + last, first, last);
        assertRange("bytes=0-0", 0, 0);
        assertRange("bytes=-500", size - 500, size - 1);
        assertRange("bytes=" + (size - 10) + "-", size - 10, size - 1);
        assertRange("bytes=" + (size - 10) + "-" + (size * 2), size - 10, size - 1);
    }

    @Test
    void multipleRangesComeBackAsMultipartByteranges() throws Exception {
        long[][] ranges = {{0, 9}, {ignitionOffset - 5, ignitionOffset + 300}, {size - 7, size - 1}};
        Reply reply = http.get(ISO_PATH, "Range", "bytes=0-9," + ranges[1][0] + "-" + ranges[1][1] + ",-7");

        assertEquals(206, reply.status());
        String type = reply.requireHeader("Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        assertEquals(Long.toString(reply.body().length), reply.requireHeader("Content-Length"));
        List<Multipart.Part> parts = Multipart.parse(reply.body(), type.substring(type.indexOf('=') + 1));
        assertEquals(ranges.length, parts.size());
        for (int i = 0; i < ranges.length; i++) {
            Multipart.Part part = parts.get(i);
            assertEquals("bytes " + ranges[i][0] + "-" + ranges[i][1] + "/" + size,
                    part.headers().get("content-range"));
            assertEquals("application/octet-stream", part.headers().get("content-type"));
            assertArrayEquals(slice(ranges[i][0], ranges[i][1]), part.body(), "part " + i);
        }
    }

    @Test
    void unsatisfiableOrMalformedRangesAre416() throws Exception {
        for (String range : List.of("bytes=" + size + "-", "bytes=" + (size + 5) + "-" + (size + 9), "bytes=abc")) {
            Reply reply = http.get(ISO_PATH, "Range", range);
            assertEquals(416, reply.status(), range);
            assertEquals("bytes */" + size, reply.requireHeader("Content-Range"), range);
        }
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheCurrentDate() throws Exception {
        Reply current = http.get(ISO_PATH, "Range", "bytes=0-99", "If-Range", LAST_MODIFIED);
        Reply stale = http.get(ISO_PATH, "Range", "bytes=0-99", "If-Range", EARLIER);

        assertEquals(206, current.status());
        assertArrayEquals(slice(0, 99), current.body());
        assertEquals(200, stale.status());
        assertArrayEquals(full, stale.body());
    }

    @Test
    void ifModifiedSinceAtOrAfterLastModifiedIs304() throws Exception {
        for (String date : List.of(LAST_MODIFIED, LATER)) {
            Reply reply = http.get(ISO_PATH, "If-Modified-Since", date);
            assertEquals(304, reply.status(), date);
            assertEquals(0, reply.body().length);
            assertEquals(LAST_MODIFIED, reply.requireHeader("Last-Modified"));
        }
        assertEquals(200, http.get(ISO_PATH, "If-Modified-Since", EARLIER).status());
    }

    @Test
    void unparsableLastModifiedFromAssistedBecomesTheCurrentTime() throws Exception {
        String id = id(62);
        assisted.image(id).ignitionLastModified("somenonsense");

        Reply reply = http.get("images/" + id + "?version=4.17&type=full-iso");

        Instant date = Instant.from(ItChecks.IMF_FIXDATE.parse(reply.requireHeader("Last-Modified")));
        assertTrue(Duration.between(date, Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0, date.toString());
        assertTrue(reply.requireHeader("Last-Modified").endsWith(" GMT"));
    }

    @Test
    void identicalRequestsGiveIdenticalBytesAndAResumedDownloadReassembles() throws Exception {
        int cut = (int) ignitionOffset + 1000;
        byte[] prefix = http.getPrefix(ISO_PATH, cut);
        Reply rest = http.get(ISO_PATH, "Range", "bytes=" + cut + "-");
        ByteArrayOutputStream resumed = new ByteArrayOutputStream();
        resumed.write(prefix);
        resumed.write(rest.body());

        assertEquals(206, rest.status());
        assertEquals(ItHttp.sha256(full), ItHttp.sha256(http.get(ISO_PATH).body()));
        assertEquals(ItHttp.sha256(full), ItHttp.sha256(resumed.toByteArray()));
    }

    @Test
    void metricsDescribeTrafficByRouteWithoutIds() throws Exception {
        http.get(ISO_PATH);
        http.get(ISO_PATH, "Range", "bytes=0-9");
        http.rawHead(ISO_PATH);
        http.get("byid/" + ISO_ID + "/4.17/x86_64/full.iso");

        String metrics = http.get("metrics").text();

        String labels = "{code=\"200\",handler=\"/images/:imageID\",method=\"GET\",service=\"\"";
        assertTrue(metrics.contains("assisted_image_service_http_request_duration_seconds_bucket" + labels
                + ",le=\"0.1\"} "), metrics);
        assertTrue(metrics.contains("# HELP assisted_image_service_http_request_duration_seconds The latency of the"
                + " HTTP requests."), metrics);
        assertTrue(metrics.contains("assisted_image_service_http_response_size_bytes_bucket{code=\"206\","
                + "handler=\"/images/:imageID\",method=\"GET\",service=\"\",le=\""), metrics);
        assertTrue(Pattern.compile("assisted_image_service_http_response_size_bytes_sum\\{code=\"200\","
                + "handler=\"/images/:imageID\",method=\"HEAD\",service=\"\"} 0(\\.0)?\\n").matcher(metrics).find(),
                "HEAD wrote no body bytes:\n" + metrics);
        assertTrue(metrics.contains("assisted_image_service_http_requests_inflight{handler=\"/images/:imageID\","
                + "service=\"\"} "), metrics);
        assertTrue(metrics.contains("handler=\"/byid/:token\""), metrics);
        assertFalse(UUID.matcher(metrics).find(), "an id in a label:\n" + metrics);
    }

    private void assertRange(String range, long first, long last) throws Exception {
        Reply reply = http.get(ISO_PATH, "Range", range);
        assertEquals(206, reply.status(), range);
        assertEquals("bytes " + first + "-" + last + "/" + size, reply.requireHeader("Content-Range"), range);
        assertEquals(Long.toString(last - first + 1), reply.requireHeader("Content-Length"), range);
        assertArrayEquals(slice(first, last), reply.body(), range);
    }

    private static byte[] slice(long first, long last) {
        return Arrays.copyOfRange(full, (int) first, (int) last + 1);
    }

    private static JsonNode imageHealth(Reply health, String name) throws Exception {
        for (JsonNode image : new ObjectMapper().readTree(health.body()).get("images")) {
            if (name.equals(image.get("name").asText())) {
                return image;
            }
        }
        throw new AssertionError(name + " missing from " + health.text());
    }

    private static void assertEmpty(int status, Reply reply) {
        assertEquals(status, reply.status());
        assertEquals("", reply.text());
    }
}

package org.assisted.imageservice.api.resources;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.assisted.imageservice.api.InMemoryResourceTest;
import org.assisted.imageservice.api.InMemoryService;
import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.assisted.imageservice.testsupport.FakeAssistedService.RecordedRequest;
import org.assisted.imageservice.testsupport.TestIsos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ISO routes in memory: {@code /images/{id}} (full, minimal and disconnected ISOs) and the short URLs
 * {@code /byid}, {@code /byapikey} and {@code /bytoken}, with their statuses, headers and error texts as the ITs
 * (IsoServingIT, DownloadPathsIT, MalformedRequestsIT) see them on a Tomcat. Each test uses image ids of its own,
 * so that answers reused within ASSISTED_SERVICE_CACHE_SECONDS never cross tests.
 */
class IsoRoutesTest extends InMemoryResourceTest {

    private static final String VERSION = "418.94.202501221327-0";
    private static final String LAST_MODIFIED = "Fri, 22 Apr 2022 18:11:09 GMT";
    private static final String EARLIER = "Thu, 21 Apr 2022 18:11:09 GMT";
    private static final String IGNITION = "{\"ignition\":{\"version\":\"3.2.0\"}}";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String JWT_HEADER = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    private static final String SHORT_TAIL = "/4.17/x86_64/";

    @TempDir
    static Path work;
    private static byte[] base;
    private static IsoFile ignitionArea;

    @BeforeAll
    static void start() throws Exception {
        Path iso = InMemoryService.x86Iso(work, VERSION);
        base = Files.readAllBytes(iso);
        ignitionArea = IsoLayout.read(iso).file("/images/ignition.img").orElseThrow();
        started(InMemoryService.start(work, List.of(
                InMemoryService.image("4.17", "x86_64", VERSION, "full-iso", iso),
                InMemoryService.image("4.17", "x86_64", VERSION, "disconnected-iso", iso)),
                Map.of("IMAGE_SERVICE_BASE_URL", "http://images.example.com")).awaitReady());
    }

    @Test
    void fullIsoIsTheBaseWithTheIgnitionEmbeddedAndTheDownloadHeaders() {
        String id = image(1);

        Response response = get(iso(id, "full-iso"));

        assertEquals(200, response.getStatus());
        byte[] body = bytes(response);
        assertEquals(base.length, body.length);
        assertEquals(Integer.toString(base.length), declaredLength(response));
        assertEquals("bytes", response.getHeaderString("Accept-Ranges"));
        assertEquals(LAST_MODIFIED, response.getHeaderString("Last-Modified"));
        assertEquals("application/octet-stream", response.getHeaderString("Content-Type"));
        assertEquals("attachment; filename=" + id + "-discovery.iso",
                response.getHeaderString("Content-Disposition"));
        assertBaseOutsideIgnitionArea(body);
        assertEquals(1, calls(id, Endpoint.IGNITION).size());
    }

    @Test
    void headHasTheGetHeadersAndNoBody() {
        String id = image(2);
        Response get = get(iso(id, "full-iso"));
        bytes(get);

        Response head = head(iso(id, "full-iso"));

        assertEquals(200, head.getStatus());
        assertEquals(0, bytes(head).length);
        for (String name : List.of("Accept-Ranges", "Last-Modified", "Content-Disposition", "Content-Type")) {
            assertEquals(get.getHeaderString(name), head.getHeaderString(name), name);
        }
        assertEquals(Integer.toString(base.length), declaredLength(head));
    }

    @Test
    void disconnectedIsoIsServedFromItsOwnEntry() {
        String id = image(3);

        Response response = get(iso(id, "disconnected-iso"));

        assertEquals(200, response.getStatus());
        byte[] body = bytes(response);
        assertEquals(base.length, body.length);
        assertBaseOutsideIgnitionArea(body);
    }

    @Test
    void minimalIsoIsBuiltFromTheFullIsoAndSmallerThanIt() {
        String id = image(4);

        Response response = get(iso(id, "minimal-iso"));

        assertEquals(200, response.getStatus());
        byte[] body = bytes(response);
        assertEquals(Integer.toString(body.length), declaredLength(response));
        assertEquals("attachment; filename=" + id + "-discovery.iso",
                response.getHeaderString("Content-Disposition"));
        assertEquals("CD001", new String(body, 32769, 5, StandardCharsets.US_ASCII), "a primary volume descriptor");
        assertFalse(Arrays.equals(base, body));
        assertEquals(1, calls(id, Endpoint.MINIMAL_INITRD).size(), "the minimal ISO asks for the ramdisk");
    }

    @Test
    void singleRangesAreSlicesOfTheFullBody() {
        String id = image(5);
        byte[] full = bytes(get(iso(id, "full-iso")));
        long first = ignitionArea.offset() - 100;
        long last = ignitionArea.offset() + 4095;

        for (long[] range : new long[][] {{first, last}, {0, 0}, {base.length - 500, base.length - 1}}) {
            Response response = get(iso(id, "full-iso"), "Range", "bytes=" + range[0] + "-" + range[1]);
            assertEquals(206, response.getStatus());
            assertEquals("bytes " + range[0] + "-" + range[1] + "/" + base.length,
                    response.getHeaderString("Content-Range"));
            assertEquals(Long.toString(range[1] - range[0] + 1), declaredLength(response));
            assertArrayEquals(Arrays.copyOfRange(full, (int) range[0], (int) range[1] + 1), bytes(response));
        }
        Response suffix = get(iso(id, "full-iso"), "Range", "bytes=-500");
        assertEquals("bytes " + (base.length - 500) + "-" + (base.length - 1) + "/" + base.length,
                suffix.getHeaderString("Content-Range"));
    }

    @Test
    void severalRangesAreMultipartByteranges() {
        String id = image(6);

        Response response = get(iso(id, "full-iso"), "Range", "bytes=0-9,-7");

        assertEquals(206, response.getStatus());
        String type = response.getHeaderString("Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        String body = new String(bytes(response), StandardCharsets.ISO_8859_1);
        assertEquals(Integer.toString(body.length()), declaredLength(response));
        assertTrue(body.contains("Content-Range: bytes 0-9/" + base.length + "\r\n"), body);
        assertTrue(body.contains("Content-Range: bytes " + (base.length - 7) + "-" + (base.length - 1) + "/"
                + base.length + "\r\n"), body);
        assertTrue(body.endsWith("--" + type.substring(type.indexOf('=') + 1) + "--\r\n"), body);
    }

    @Test
    void unsatisfiableRangesAre416WithATextBodyAndHeadGetsNone() {
        String id = image(7);

        Response beyond = get(iso(id, "full-iso"), "Range", "bytes=" + base.length + "-");
        Response malformed = get(iso(id, "full-iso"), "Range", "bytes=abc");
        Response head = head(iso(id, "full-iso"), "Range", "bytes=5-1");

        assertText(beyond, 416, "invalid range: failed to overlap\n");
        assertText(malformed, 416, "invalid range\n");
        for (Response response : List.of(beyond, malformed, head)) {
            assertEquals("bytes */" + base.length, response.getHeaderString("Content-Range"));
            assertEquals("attachment; filename=" + id + "-discovery.iso",
                    response.getHeaderString("Content-Disposition"));
            assertNull(response.getHeaderString("Last-Modified"));
        }
        assertEquals(416, head.getStatus());
        assertEquals(0, bytes(head).length);
    }

    @Test
    void conditionalRequestsFollowTheIgnitionDate() {
        String id = image(8);

        Response notModified = get(iso(id, "full-iso"), "If-Modified-Since", LAST_MODIFIED);
        Response modified = get(iso(id, "full-iso"), "If-Modified-Since", EARLIER);
        Response staleIfRange = get(iso(id, "full-iso"), "Range", "bytes=0-99", "If-Range", EARLIER);
        Response currentIfRange = get(iso(id, "full-iso"), "Range", "bytes=0-99", "If-Range", LAST_MODIFIED);

        assertEquals(304, notModified.getStatus());
        assertEquals(0, bytes(notModified).length);
        assertEquals(LAST_MODIFIED, notModified.getHeaderString("Last-Modified"));
        assertEquals(200, modified.getStatus());
        assertEquals(200, staleIfRange.getStatus());
        assertEquals(base.length, bytes(staleIfRange).length);
        assertEquals(206, currentIfRange.getStatus());
        assertEquals(100, bytes(currentIfRange).length);
    }

    @Test
    void credentialsAreForwardedToAssistedService() {
        String byQuery = image(9);
        String byToken = image(10);
        String byHeader = image(11);

        assertEquals(200, get(iso(byQuery, "full-iso") + "&api_key=key-one").getStatus());
        assertEquals(200, get(iso(byToken, "full-iso") + "&image_token=token-two").getStatus());
        assertEquals(200, get(iso(byHeader, "full-iso"), "Authorization", "Bearer three").getStatus());

        RecordedRequest query = calls(byQuery, Endpoint.IGNITION).get(0);
        assertEquals("key-one", query.queryParams().get("api_key"));
        assertEquals("token-two", calls(byToken, Endpoint.IGNITION).get(0).header("Image-Token").orElseThrow());
        RecordedRequest header = calls(byHeader, Endpoint.IGNITION).get(0);
        assertEquals("Bearer three", header.header("Authorization").orElseThrow());
        assertNull(header.queryParams().get("api_key"));
    }

    @Test
    void assistedServiceRefusalsPassTheirStatusThroughWithAnEmptyBody() {
        String refused = image(12);
        assisted().image(refused).ignitionStatus(401);
        String missing = image(13);
        assisted().image(missing).infraEnvStatus(404);

        assertEmpty(get(iso(refused, "full-iso") + "&api_key=s3cret"), 401);
        assertEmpty(get(iso(missing, "full-iso")), 404);
    }

    @Test
    void anIgnitionLargerThanTheEmbedAreaIs400NamingTheSizes() {
        String id = image(24);
        byte[] incompressible = new byte[TestIsos.IGNITION_AREA_BYTES + 4096];
        new Random(24).nextBytes(incompressible);
        assisted().image(id).ignition(incompressible);

        Response response = get(iso(id, "full-iso"));

        assertEquals(400, response.getStatus());
        String body = text(response);
        assertTrue(body.startsWith("content length ("), body);
        assertTrue(body.contains(") exceeds embed area size (" + TestIsos.IGNITION_AREA_BYTES
                + ") of the ignition area"), body);
        assertTrue(body.endsWith("\n"), body);
        assertEquals("nosniff", response.getHeaderString("X-Content-Type-Options"));
    }

    @Test
    void missingOrInvalidParametersAre400WithTheRawText() {
        String id = image(14);

        assertText(get("images/" + id + "?type=full-iso"), 400, "'version' parameter required");
        assertText(get("images/" + id + "?version=4.17"), 400, "'type' parameter required");
        assertText(get("images/" + id + "?version=4.17&type=bogus-iso"), 400,
                "invalid value 'bogus-iso' for parameter 'type'");
        assertEquals(List.of(), calls(id, Endpoint.IGNITION));
    }

    @Test
    void unknownVersionsAndArchitecturesAreThePageNotFound() {
        String id = image(15);

        assertText(get("images/" + id + "?version=4.99&type=full-iso"), 404, PAGE_NOT_FOUND);
        assertText(get("images/" + id + "?version=4.17&type=full-iso&arch=s390x"), 404, PAGE_NOT_FOUND);
        assertEquals(List.of(), calls(id, Endpoint.IGNITION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000-0000-4000-8000", "zzzzzzzz-0000-4000-8000-000000000001",
        "ABCDEF01-2345-4678-9ABC-DEF012345678", "00000000000040008000000000000001",
        "00000000-0000-4000-8000-0000000000010"})
    void onlyLowerCaseUuidsAreImageIds(String bad) {
        assertText(get("images/" + bad + "?version=4.17&type=full-iso"), 404, PAGE_NOT_FOUND);
        assertText(get("byid/" + bad + SHORT_TAIL + "full.iso"), 404, PAGE_NOT_FOUND);
    }

    @Test
    void pathsWithATrailingSlashAreUnmatched() {
        String id = image(16);

        assertText(get("images/" + id + "/?version=4.17&type=full-iso"), 404, PAGE_NOT_FOUND);
        assertText(get("byid/" + id + SHORT_TAIL + "full.iso/"), 404, PAGE_NOT_FOUND);
    }

    @Test
    void otherMethodsOnTheIsoRouteAreJerseys405() {
        Response post = send("POST", iso(image(17), "full-iso"));

        assertEquals(405, post.getStatus());
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), Set.of(post.getHeaderString("Allow").split(",")));
    }

    @Test
    void byIdServesTheSameBytesAsTheLongUrlForEachFileName() {
        String id = image(18);
        byte[] full = bytes(get(iso(id, "full-iso")));

        Response shortUrl = get("byid/" + id + SHORT_TAIL + "full.iso");
        Response head = head("byid/" + id + SHORT_TAIL + "full.iso");

        assertEquals(200, shortUrl.getStatus());
        assertArrayEquals(full, bytes(shortUrl));
        assertEquals("attachment; filename=" + id + "-discovery.iso", shortUrl.getHeaderString("Content-Disposition"));
        assertEquals(200, head.getStatus());
        assertEquals(0, bytes(head).length);
        assertEquals(Integer.toString(full.length), declaredLength(head));
        assertEquals(200, get("byid/" + id + SHORT_TAIL + "disconnected.iso").getStatus());
        assertEquals(200, get("byid/" + id + SHORT_TAIL + "minimal.iso").getStatus());
        assertEquals(206, get("byid/" + id + SHORT_TAIL + "full.iso", "Range", "bytes=0-9").getStatus());
    }

    @Test
    void byApiKeyAndByTokenTakeTheIdFromTheTokenAndForwardIt() {
        String byKey = image(19);
        String byToken = image(20);
        String keyJwt = jwt(byKey, "keySig");
        String tokenJwt = jwt(byToken, "tokenSig");

        Response key = get("byapikey/" + keyJwt + SHORT_TAIL + "full.iso");
        Response token = get("bytoken/" + tokenJwt + SHORT_TAIL + "full.iso");

        assertEquals(200, key.getStatus());
        assertEquals(base.length, bytes(key).length);
        assertEquals("attachment; filename=" + byKey + "-discovery.iso", key.getHeaderString("Content-Disposition"));
        assertEquals(keyJwt, calls(byKey, Endpoint.IGNITION).get(0).queryParams().get("api_key"));
        assertEquals(200, token.getStatus());
        assertEquals(tokenJwt, calls(byToken, Endpoint.IGNITION).get(0).header("Image-Token").orElseThrow());
    }

    @Test
    void unknownFileNamesAre404WithTheRawText() {
        String id = image(21);

        assertText(get("byid/" + id + SHORT_TAIL + "other.iso"), 404, "unrecognized file name other.iso");
        assertText(get("byapikey/" + jwt(id, "sig") + SHORT_TAIL + "full.img"), 404,
                "unrecognized file name full.img");
        assertEquals(List.of(), calls(id, Endpoint.IGNITION));
    }

    @Test
    void unknownVersionsInShortUrlsAreThePageNotFound() {
        String id = image(22);

        assertText(get("byid/" + id + "/4.99/x86_64/full.iso"), 404, PAGE_NOT_FOUND);
        assertText(get("byid/" + id + "/4.17/s390x/full.iso"), 404, PAGE_NOT_FOUND);
    }

    @Test
    void malformedTokensAre404WithTheParseError() {
        String id = image(23);
        int calls = assisted().requests().size();
        Map<String, String> tokens = Map.of(
                "twoParts." + b64("{\"sub\":\"" + id + "\"}"), "failed to parse JWT from URL",
                "a.b.", "failed to parse JWT from URL",
                JWT_HEADER + ".!!bad!!.sig", "illegal base64 data at input byte 0",
                JWT_HEADER + "." + b64("[\"array\"]") + ".sig",
                "json: cannot unmarshal array into Go value of type handlers.payload",
                JWT_HEADER + "." + b64("{\"name\":\"noId\"}") + ".sig", "InfraEnv ID not found in token",
                JWT_HEADER + "." + b64("{\"sub\":\"../../x\"}") + ".sig", "InfraEnv ID in token is not a valid id");
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            for (String route : List.of("byapikey/", "bytoken/")) {
                assertText(get(route + token.getKey() + SHORT_TAIL + "full.iso"), 404, token.getValue());
            }
        }
        assertEquals(calls, assisted().requests().size(), "a token without a valid id is never forwarded");
    }

    private static String iso(String id, String type) {
        return "images/" + id + "?version=4.17&type=" + type;
    }

    /** A lower-case UUID of this class whose ignition carries {@link #LAST_MODIFIED}. */
    private static String image(int n) {
        String id = String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", 100 + n);
        assisted().image(id).ignition(IGNITION).ignitionLastModified(LAST_MODIFIED);
        return id;
    }

    private static List<RecordedRequest> calls(String id, Endpoint endpoint) {
        return assisted().requests(endpoint).stream().filter(r -> id.equals(r.imageId())).toList();
    }

    /** Equal to the base ISO but in the ignition area, which now holds something. */
    private static void assertBaseOutsideIgnitionArea(byte[] body) {
        int start = (int) ignitionArea.offset();
        int end = (int) (ignitionArea.offset() + ignitionArea.size());
        assertArrayEquals(Arrays.copyOfRange(base, 0, start), Arrays.copyOfRange(body, 0, start));
        assertArrayEquals(Arrays.copyOfRange(base, end, base.length), Arrays.copyOfRange(body, end, body.length));
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(base, start, start + 16)),
                Arrays.toString(Arrays.copyOfRange(body, start, start + 16)), "an ignition archive was embedded");
        assertEquals((byte) 0x1f, body[start], "the ignition archive is gzip");
        assertEquals((byte) 0x8b, body[start + 1]);
    }

    private static String jwt(String id, String signature) {
        return JWT_HEADER + "." + b64("{\"sub\":\"" + id + "\"}") + "." + signature;
    }

    private static String b64(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

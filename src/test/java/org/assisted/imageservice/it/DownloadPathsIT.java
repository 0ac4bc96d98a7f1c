package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bodies written past Jersey to Tomcat's {@code ServletOutputStream.write(ByteBuffer)} are the
 * same bytes as the base ISO outside the overlays, for a full response, one range and several ranges;
 * and ASSISTED_SERVICE_CACHE_SECONDS reuses assisted-service's answers only for the same credential. A request
 * whose decision is reused is answered by ReusedDownloadFilter in front of Jersey with the same status line,
 * headers and bytes as Jersey's answer to the request that made the decision.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DownloadPathsIT {

    private static final String IMAGE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final String VERSION = "418.94.202501221327-0";
    /** An image whose ignition has a Last-Modified, so that every decision for it has the same one. */
    private static final String DATED_ID = "2f0b6e1c-9a4d-4c1e-8b7a-5d3e2c1b0a99";
    private static final String IGNITION_DATE = "Tue, 01 Dec 2026 10:00:00 GMT";
    private static final String REUSED_COUNTER = "assisted_image_service_reused_downloads_total";
    @AutoClose
    private static FakeAssistedService assisted;
    private static Path baseIso;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        Path work = Deployments.workDir("download-paths");
        baseIso = TestIsos.x86_64("rhcos-" + VERSION).rootfsSize(3 << 20)
                .buildWithXorriso(Files.createDirectories(work.resolve("src")));
        assisted = FakeAssistedService.start();
        assisted.image(IMAGE_ID).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}");
        assisted.image(DATED_ID).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}")
                .ignitionLastModified(IGNITION_DATE);
        return Deployments.war("downloadpaths", Map.of(
                "DATA_DIR", Files.createDirectories(work.resolve("data")).toString(),
                "DATA_TEMP_DIR", Files.createDirectories(work.resolve("tmp")).toString(),
                "ASSISTED_SERVICE_SCHEME", "http",
                "ASSISTED_SERVICE_HOST", assisted.hostAndPort(),
                "ASSISTED_SERVICE_CACHE_SECONDS", "60",
                "MIN_ROOTFS_SIZE", "1048576",
                "MIN_KERNEL_SIZE", "1024",
                "OS_IMAGES", "[{\"openshift_version\":\"4.17\",\"cpu_architecture\":\"x86_64\",\"url\":\""
                        + baseIso.toUri() + "\",\"version\":\"" + VERSION + "\"}]"));
    }

    @Test
    void rangesAreSlicesOfTheFullBodyAndTheFullBodyIsTheBaseOutsideTheIgnitionArea() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        new ItHttp(base).awaitHealthy();
        byte[] full = get(http, "key-a", null, 200);
        byte[] original = Files.readAllBytes(baseIso);
        assertEquals(original.length, full.length);
        int differing = (int) java.util.stream.IntStream.range(0, full.length).filter(i -> full[i] != original[i]).count();
        assertTrue(differing > 0 && differing <= 256 * 1024 + 2 * 4096, differing + " bytes differ from the base");

        int middle = full.length / 2;
        assertArrayEquals(Arrays.copyOfRange(full, middle, middle + 300_001),
                get(http, "key-a", "bytes=" + middle + "-" + (middle + 300_000), 206));
        byte[] multipart = get(http, "key-a", "bytes=0-9,100000-100009", 206);
        String text = new String(multipart, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(new String(Arrays.copyOfRange(full, 100_000, 100_010), StandardCharsets.ISO_8859_1)),
                "second part carries bytes 100000-100009");
    }

    @Test
    void reusesAssistedServiceAnswersOnlyForTheSameCredential() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        new ItHttp(base).awaitHealthy();
        assisted.clearRequests();
        get(http, "key-b", "bytes=0-99", 206);
        get(http, "key-b", "bytes=100-199", 206);
        assertEquals(1, assisted.requests(Endpoint.IGNITION).size(), "second request reused the first's answers");
        get(http, "key-c", "bytes=0-99", 206);
        assertEquals(2, assisted.requests(Endpoint.IGNITION).size(), "another credential asks assisted-service");
    }

    /**
     * Each case is sent twice with a credential of its own: the first request makes the decision in Jersey (what
     * every request does with ASSISTED_SERVICE_CACHE_SECONDS=0), the second is answered from the kept decision by
     * the filter, as the counter shows. Status line, headers (but Date) and body must be the same byte for byte,
     * the multipart boundary aside (random per response). Cases the filter leaves to Jersey (a 416 to a GET, whose
     * body is text; an encoded query) are answered by Jersey both times, with the same bytes too.
     */
    @Test
    void reusedDecisionsAreAnsweredOutsideJerseyWithJerseysStatusHeadersAndBytes() throws Exception {
        new ItHttp(base).awaitHealthy();
        ItMetrics metrics = new ItMetrics(base);
        String longUrl = "images/" + DATED_ID + "?version=4.17&type=full-iso&api_key=";
        String shortUrl = "byid/" + DATED_ID + "/4.17/x86_64/full.iso?api_key=";
        String token = jwt("{\"sub\":\"" + DATED_ID + "\"}");
        String[][] cases = {
            // method, path + query (the credential is appended), request header lines, who answers the second, status
            {"GET", longUrl, "", "fast", "200"},
            {"HEAD", longUrl, "", "fast", "200"},
            {"GET", longUrl, "Range: bytes=70000-135535\r\n", "fast", "206"},
            {"HEAD", longUrl, "Range: bytes=70000-135535\r\n", "fast", "206"},
            {"GET", longUrl, "Range: bytes=0-9,100000-100009,-5\r\n", "fast", "206"},
            {"GET", longUrl, "Range: bytes=-70000\r\n", "fast", "206"},
            {"GET", longUrl, "Range: bytes=5-9\r\nIf-Range: " + IGNITION_DATE + "\r\n", "fast", "206"},
            {"GET", longUrl, "Range: bytes=5-9\r\nIf-Range: Tue, 01 Dec 2026 09:59:59 GMT\r\n", "fast", "200"},
            {"GET", longUrl, "Range: bytes=5-9\r\nIf-Range: \"etag\"\r\n", "fast", "200"},
            {"GET", longUrl, "If-Modified-Since: " + IGNITION_DATE + "\r\n", "fast", "304"},
            {"HEAD", longUrl, "If-Modified-Since: Mon, 30 Nov 2026 00:00:00 GMT\r\n", "fast", "200"},
            {"GET", longUrl, "If-Unmodified-Since: Mon, 30 Nov 2026 00:00:00 GMT\r\n", "fast", "412"},
            {"GET", longUrl, "If-None-Match: \"a\", *\r\n", "fast", "304"},
            {"GET", longUrl, "If-Match: \"a\"\r\nIf-Match: *\r\nRange: bytes=1-2\r\n", "fast", "206"},
            {"GET", shortUrl, "Range: bytes=32768-32867\r\n", "fast", "206"},
            {"HEAD", "bytoken/" + token + "/4.17/x86_64/full.iso?api_key=", "", "fast", "200"},
            {"GET", "images/" + DATED_ID + "?type=full-iso&version=4.17&arch=&api_key=", "Range: bytes=3-4\r\n",
                "fast", "206"},
            {"GET", longUrl, "Range: bytes=999999999-\r\n", "jersey", "416"},
            {"HEAD", longUrl, "Range: bytes=x\r\n", "fast", "416"},
            {"GET", "images/" + DATED_ID + "?version=4.17&type=full%2Diso&api_key=", "Range: bytes=0-1\r\n", "jersey",
                "206"},
        };
        for (int i = 0; i < cases.length; i++) {
            String[] c = cases[i];
            String target = c[1] + "k" + i;
            String name = c[0] + " " + target + " " + c[2].replace("\r\n", "; ");
            double before = metrics.value(REUSED_COUNTER);
            RawExchange first = RawExchange.send(base, c[0], target, c[2]);
            assertEquals(before, metrics.value(REUSED_COUNTER), "first request of " + name + " is Jersey's");
            RawExchange second = RawExchange.send(base, c[0], target, c[2]);
            assertEquals(before + ("fast".equals(c[3]) ? 1 : 0), metrics.value(REUSED_COUNTER),
                    "second request of " + name + " answered by the filter: " + c[3]);
            assertEquals(first.normalised(), second.normalised(), name);
            assertArrayEquals(first.normalisedBody(), second.normalisedBody(), name);
            assertTrue(first.statusLine().matches("HTTP/1\\.1 " + c[4] + "( .*)?"), name + ": " + first.statusLine());
        }
        RawExchange full = RawExchange.send(base, "GET", longUrl + "k0", "");
        RawExchange multipart = RawExchange.send(base, "GET", longUrl + "k4", "Range: bytes=0-9,100000-100009,-5\r\n");
        List<Multipart.Part> parts = Multipart.parse(multipart.body(), multipart.boundary());
        assertEquals(3, parts.size());
        for (Multipart.Part part : parts) {
            int first = (int) part.first();
            assertArrayEquals(Arrays.copyOfRange(full.body(), first, first + part.body().length), part.body());
        }
        assertEquals(full.body().length - 5, parts.get(2).first());
    }

    /** An unsigned JWT with the given payload, as the short URLs carry. */
    private static String jwt(String payload) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    /** One request on its own connection, read to the end: the status line, the header lines and the body. */
    private record RawExchange(String statusLine, List<String> headerLines, byte[] body) {

        static RawExchange send(URL base, String method, String target, String headerLines) throws IOException {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write((method + " " + base.getPath() + target + " HTTP/1.1\r\nHost: "
                        + base.getHost() + "\r\nX-Request-Id: same-id\r\n" + headerLines
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                byte[] response = socket.getInputStream().readAllBytes();
                String text = new String(response, StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                List<String> lines = List.of(text.substring(0, end).split("\r\n"));
                return new RawExchange(lines.get(0), lines.subList(1, lines.size()),
                        Arrays.copyOfRange(response, end + 4, response.length));
            }
        }

        /** The multipart boundary, or the empty string for other responses. */
        String boundary() {
            for (String line : headerLines) {
                int at = line.indexOf("boundary=");
                if (line.regionMatches(true, 0, "Content-Type:", 0, 13) && at > 0) {
                    return line.substring(at + "boundary=".length());
                }
            }
            return "";
        }

        /** Status and header lines without Date, the boundary replaced by a fixed word. */
        String normalised() {
            StringBuilder text = new StringBuilder(statusLine).append('\n');
            for (String line : headerLines) {
                if (!line.regionMatches(true, 0, "Date:", 0, 5)) {
                    text.append(boundary().isEmpty() ? line : line.replace(boundary(), "BOUNDARY")).append('\n');
                }
            }
            return text.toString();
        }

        byte[] normalisedBody() {
            if (boundary().isEmpty()) {
                return body;
            }
            return new String(body, StandardCharsets.ISO_8859_1).replace(boundary(), "BOUNDARY")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private byte[] get(HttpClient http, String apiKey, String range, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "images/" + IMAGE_ID
                + "?version=4.17&type=full-iso&api_key=" + apiKey));
        if (range != null) {
            request.header("Range", range);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(status, response.statusCode());
        assertEquals(response.body().length, Long.parseLong(response.headers().firstValue("Content-Length").orElseThrow()));
        return response.body();
    }

}

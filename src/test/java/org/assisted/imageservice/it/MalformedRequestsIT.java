package org.assisted.imageservice.it;

import static org.assisted.imageservice.it.ItImages.id;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assisted.imageservice.it.ItHttp.RawReply;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.TestIsos;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Malformed requests written byte for byte on a socket (java.net.http would normalise or refuse many of them)
 * against a deployment with one ready image: path traversal, overlong values, invalid percent-encodings, bad
 * UUIDs, bad JWTs and odd Range headers. Every row has one exact status, no answer is a 5xx or takes long, no
 * answer carries a byte of the files outside {@code DATA_DIR}, and no token of the table reaches a log.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedRequestsIT {

    private static final String VERSION = "418.94.202501221327-0";
    private static final String ID_OK = id(1);
    /** assisted-service refuses this id: where a credential is only forwarded, its 401 is passed on. */
    private static final String ID_REFUSED = id(2);
    private static final String QUERY = "?version=4.17&type=full-iso";
    private static final String ISO = "images/" + ID_OK + QUERY;
    private static final String REFUSED_ISO = "images/" + ID_REFUSED + QUERY;
    private static final String SHORT_TAIL = "/4.17/x86_64/full.iso";
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(10);
    private static final int KIB = 1024;
    private static final int MADE_UP_METHODS = 10_000;
    /** Counts and sums gaining digits, and JVM series that may appear meanwhile (a new GC cause). */
    private static final int METRICS_GROWTH_LIMIT = 4 * KIB;
    private static final String DONE_ID = "malformed-done";
    private static final String SENTINEL = "sentinel-" + UUID.randomUUID();

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String JWT_HEADER = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    private static final String JWT_TWO_PARTS = "twoPartsSecret1a." + b64("{\"sub\":\"" + ID_OK + "\"}");
    private static final String JWT_BAD_BASE64 = JWT_HEADER + ".!!badB64Secret2!!.sig";
    private static final String JWT_ARRAY = JWT_HEADER + "." + b64("[\"arraySecret3\"]") + ".sig";
    private static final String JWT_NO_ID = JWT_HEADER + "." + b64("{\"name\":\"noIdSecret4\"}") + ".sig";
    private static final String JWT_ALG_NONE = b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"" + ID_REFUSED
            + "\"}") + ".algNoneSecret5";
    private static final String JWT_TRAVERSAL = JWT_HEADER + "." + b64("{\"sub\":\"../../" + SENTINEL + "\"}")
            + ".traversalSecret6";
    private static final String HUGE_MARKER = "hugeTokenSecret7";
    private static final String JWT_HUGE = JWT_HEADER + "." + HUGE_MARKER + "A".repeat(1024 * KIB) + ".sig";
    private static final String JWT_OTHER_FORMS = JWT_HEADER + "." + b64("{\"sub\":\"" + ID_REFUSED + "\"}")
            + ".otherFormsSecret8";
    private static final List<String> TOKENS = List.of(JWT_TWO_PARTS, JWT_BAD_BASE64, JWT_ARRAY, JWT_NO_ID,
            JWT_ALG_NONE, JWT_TRAVERSAL, HUGE_MARKER, JWT_OTHER_FORMS);

    @AutoClose
    private static FakeAssistedService assisted;
    private static TomcatLogs logs;
    private static long isoSize;
    private static List<String> forbidden;

    @ArquillianResource
    private URL base;
    private ItHttp http;

    /**
     * One request and what must come back.
     *
     * @param target       request target relative to the context root, exactly as sent
     * @param headers      extra header lines, without CRLF
     * @param status       the exact status
     * @param body         the exact body, or null when only the status is specified
     * @param contentRange the exact {@code Content-Range}, or null when none is specified
     */
    record Row(String method, String target, List<String> headers, int status, String body, String contentRange) {

        static Row get(String target, int status, String body) {
            return new Row("GET", target, List.of(), status, body, null);
        }

        static Row header(String target, String header, int status) {
            return new Row("GET", target, List.of(header), status, null, null);
        }

        String name() {
            String text = method + " " + target + " " + headers;
            return text.length() > 120 ? text.substring(0, 120) + "..." : text;
        }
    }

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        Path work = Deployments.workDir("malformed");
        Path src = Files.createDirectories(work.resolve("src"));
        Path iso = TestIsos.x86_64("rhcos-" + VERSION).buildWithXorriso(src);
        isoSize = Files.size(iso);
        Files.writeString(work.getParent().resolve("malformed-sentinel.txt"), SENTINEL);
        Files.writeString(work.resolve("malformed-sentinel.txt"), SENTINEL);
        String tomcatUsers = Files.readString(Path.of(System.getProperty("catalina.home", "target/tomcat"))
                .resolve("conf/tomcat-users.xml"));
        assertTrue(tomcatUsers.contains("<tomcat-users"), tomcatUsers);
        forbidden = List.of(SENTINEL, tomcatUsers.strip(), "<tomcat-users", "password=\"", "Apache Tomcat",
                "Exception", JWT_OTHER_FORMS);
        assisted = FakeAssistedService.start();
        assisted.image(ID_OK).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}");
        assisted.image(ID_REFUSED).ignitionStatus(401);
        logs = TomcatLogs.mark();
        return Deployments.war("malformed", ItImages.parameters(work, assisted,
                List.of(ItImages.Entry.full("4.17", "x86_64", VERSION, iso))));
    }

    @BeforeEach
    void awaitReady() throws Exception {
        http = ItHttp.healthy(base);
    }

    @Test
    @Order(1)
    void traversalInQueryValuesIsAnUnknownImageOrAnInvalidType() throws Exception {
        String notFound = ItChecks.PAGE_NOT_FOUND;
        String unknownVersion = "Failed to parse query parameters: version for %s x86_64, not found\n";
        List<Row> rows = new ArrayList<>();
        for (String encoded : List.of("..%2F..%2Fmalformed-sentinel.txt", "%2e%2e%2f%2e%2e%2fmalformed-sentinel.txt",
                "..%5C..%5Cmalformed-sentinel.txt", "%2Fetc%2Fpasswd", "%00", "4.17%00")) {
            rows.add(Row.get("images/" + ID_OK + "?version=" + encoded + "&type=full-iso", 404, notFound));
            rows.add(Row.get("images/" + ID_OK + "?version=4.17&arch=" + encoded + "&type=full-iso", 404, notFound));
        }
        rows.add(Row.get("images/" + ID_OK + "?version=4.17&type=..%2F..%2Fx", 400,
                "invalid value '../../x' for parameter 'type'"));
        rows.add(Row.get("images/" + ID_OK + "?version=4.17&type=full-iso%00", 400,
                "invalid value 'full-iso?' for parameter 'type'"));
        rows.add(Row.get("images/" + ID_OK + "?version=%252e%252e%252f&type=full-iso", 404, notFound));
        rows.add(Row.get("boot-artifacts/rootfs?version=..%2F..%2Fetc", 400, unknownVersion.formatted("../../etc")));
        rows.add(Row.get("boot-artifacts/rootfs?version=%2Fetc%2Fpasswd", 400,
                unknownVersion.formatted("/etc/passwd")));
        rows.add(Row.get("boot-artifacts/rootfs?version=4.17&arch=..%2F..", 400,
                "Failed to parse query parameters: version for 4.17 ../.., not found\n"));
        rows.add(Row.get("boot-artifacts/rootfs%00?version=4.17", 400, null));
        check(rows);
    }

    @Test
    @Order(2)
    void traversalInPathSegmentsIsRefusedByTheConnectorOrUnmatched() throws Exception {
        String notFound = ItChecks.PAGE_NOT_FOUND;
        List<Row> rows = new ArrayList<>();
        for (String segment : List.of("..%2F..%2Fmalformed-sentinel.txt", "%2e%2e%2f%2e%2e%2fconf", "..%5C..%5Cconf",
                "%2Fetc%2Fpasswd", "%00")) {
            rows.add(Row.get("images/" + segment + QUERY, 400, null));
            rows.add(Row.get("boot-artifacts/" + segment + "?version=4.17", 400, null));
            rows.add(Row.get("byid/" + ID_OK + "/" + segment + "/x86_64/full.iso", 400, null));
            rows.add(Row.get("byid/" + ID_OK + "/4.17/" + segment + "/full.iso", 400, null));
            rows.add(Row.get("byapikey/" + segment + SHORT_TAIL, 400, null));
        }
        rows.add(Row.get("images/..\\..\\malformed-sentinel.txt" + QUERY, 400, null));
        rows.add(Row.get("boot-artifacts/%2e%2e/%2e%2e/conf/tomcat-users.xml?version=4.17", 404, null));
        rows.add(Row.get("boot-artifacts/../../../conf/tomcat-users.xml?version=4.17", 400, null));
        rows.add(Row.get("boot-artifacts/%252e%252e%252fconf?version=4.17", 404,
                "Failed to parse artifact: malformed download path: /boot-artifacts/%2e%2e%2fconf\n"));
        rows.add(Row.get("byid/" + ID_OK + "/%252e%252e/x86_64/full.iso", 404, notFound));
        rows.add(Row.get("byid/" + ID_OK + "/4.17/x86_64/%252e%252e%252ffull.iso", 404,
                "unrecognized file name %2e%2e%2ffull.iso"));
        rows.add(Row.get("bytoken/%252e%252e" + SHORT_TAIL, 404, "failed to parse JWT from URL"));
        check(rows);
    }

    @Test
    @Order(3)
    void overlongValuesAreRefusedByTheConnector() throws Exception {
        String bigQueryValue = "V".repeat(64 * KIB);
        check(List.of(
                Row.get("images/" + ID_OK + "?version=" + bigQueryValue + "&type=full-iso", 400, null),
                Row.get("images/" + "S".repeat(8 * KIB) + QUERY, 400, null),
                Row.get("byid/" + ID_OK + "/" + "S".repeat(4 * KIB) + "/x86_64/full.iso", 404,
                        ItChecks.PAGE_NOT_FOUND),
                Row.header(ISO, "X-Filler: " + "H".repeat(1024 * KIB), 400),
                Row.header(ISO, "X-Filler: " + "H".repeat(7 * KIB), 200)));
    }

    @Test
    @Order(4)
    void invalidUtf8PercentEncodingsAreRefusedOrUnknown() throws Exception {
        check(List.of(
                Row.get("images/" + ID_OK + "?version=%FF%FE&type=full-iso", 404, ItChecks.PAGE_NOT_FOUND),
                Row.get("images/" + ID_OK + "?version=%C0%AE%C0%AE%2F&type=full-iso", 404, ItChecks.PAGE_NOT_FOUND),
                Row.get("images/" + ID_OK + "?version=4.17&type=%FF%FE", 400, null),
                Row.get("boot-artifacts/rootfs?version=%FF", 400, null),
                Row.get("images/%FF%FE" + QUERY, 400, null),
                Row.get("boot-artifacts/%C0%AE%C0%AE/conf?version=4.17", 400, null),
                Row.get("byid/" + ID_OK + "/%C0%AE%C0%AE/x86_64/full.iso", 400, null),
                Row.get("byapikey/%FF%FE" + SHORT_TAIL, 400, null)));
    }

    @Test
    @Order(5)
    void onlyLowerCaseUuidsAreImageIds() throws Exception {
        String notFound = ItChecks.PAGE_NOT_FOUND;
        List<Row> rows = new ArrayList<>();
        for (String bad : List.of("00000000-0000-4000-8000", "0000000-0000-4000-8000-000000000001",
                "zzzzzzzz-0000-4000-8000-000000000001", "abcdef01-2345-4678-9ABC-DEF012345678",
                ID_OK.replace("-", ""), ID_OK + "0")) {
            rows.add(Row.get("images/" + bad + QUERY, 404, notFound));
            rows.add(Row.get("images/" + bad + "/pxe-initrd?version=4.17", 404, notFound));
            rows.add(Row.get("byid/" + bad + SHORT_TAIL, 404, notFound));
        }
        rows.add(Row.get("images/{" + ID_OK + "}" + QUERY, 400, null));
        rows.add(Row.get("byid/%7B" + ID_OK + "%7D" + SHORT_TAIL, 404, notFound));
        check(rows);
    }

    @Test
    @Order(6)
    void malformedTokensAre404InShortUrlsAndOnlyForwardedElsewhere() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (String prefix : List.of("byapikey/", "bytoken/")) {
            rows.add(Row.get(prefix + JWT_TWO_PARTS + SHORT_TAIL, 404, "failed to parse JWT from URL"));
            rows.add(Row.get(prefix + "a.b." + SHORT_TAIL, 404, "failed to parse JWT from URL"));
            rows.add(Row.get(prefix + JWT_BAD_BASE64 + SHORT_TAIL, 404, "illegal base64 data at input byte 0"));
            rows.add(Row.get(prefix + JWT_ARRAY + SHORT_TAIL, 404,
                    "json: cannot unmarshal array into Go value of type handlers.payload"));
            rows.add(Row.get(prefix + JWT_NO_ID + SHORT_TAIL, 404, "InfraEnv ID not found in token"));
            rows.add(Row.get(prefix + JWT_TRAVERSAL + SHORT_TAIL, 404, "InfraEnv ID in token is not a valid id"));
            rows.add(Row.get(prefix + JWT_ALG_NONE + SHORT_TAIL, 401, ""));
            rows.add(Row.get(prefix + JWT_HUGE + SHORT_TAIL, 400, null));
        }
        for (String token : List.of(JWT_TWO_PARTS, JWT_BAD_BASE64, JWT_ARRAY, JWT_NO_ID, JWT_TRAVERSAL, JWT_ALG_NONE)) {
            rows.add(Row.get(REFUSED_ISO + "&api_key=" + token, 401, ""));
            rows.add(Row.header(REFUSED_ISO, "Authorization: Bearer " + token, 401));
            rows.add(Row.get("byid/" + ID_REFUSED + SHORT_TAIL + "?api_key=" + token, 401, ""));
        }
        rows.add(Row.get(REFUSED_ISO + "&api_key=" + JWT_HUGE, 400, null));
        rows.add(Row.header(REFUSED_ISO, "Authorization: Bearer " + JWT_HUGE, 400));
        check(rows);
    }

    @Test
    @Order(7)
    void oddRangesAreIgnoredServedOrAnswered416() throws Exception {
        String unsatisfiable = "bytes */" + isoSize;
        String first10 = "bytes 0-9/" + isoSize;
        Function<String, Row> range416 = range -> range(range, 416, unsatisfiable);
        List<Row> rows = new ArrayList<>(Stream.of("bytes=", "bytes=5-1", "bytes=-0", "bytes=-", "bytes=--5",
                "bytes=" + "0-0,".repeat(1000), "bytes=99999999999999999999-", "bytes=" + isoSize + "-",
                "bytes = 0-9", "bytes=0x0-9", "bytes=+0-9", "bytes=-+5", "=0-9", "bytes=0-9;x")
                .map(range416).toList());
        rows.add(range("items=0-1", 200, null));
        rows.add(range("bytes=\u000b0-9", 400, null));
        rows.add(range("bytes=0-0,0-0", 206, null));
        rows.add(range("bytes= 0-9", 206, first10));
        rows.add(range("bytes=\t0 - 9\t", 206, first10));
        rows.add(range("bytes=,,0-9,,", 206, first10));
        rows.add(range("BYTES=0-9", 206, first10));
        rows.add(range("bytes=0-99999999999999999999", 206, "bytes 0-" + (isoSize - 1) + "/" + isoSize));
        rows.add(new Row("HEAD", ISO, List.of("Range: bytes=0-9"), 206, "", first10));
        rows.add(new Row("HEAD", ISO, List.of("Range: bytes=5-1"), 416, null, unsatisfiable));
        check(rows);
    }

    /**
     * Short URLs in forms Tomcat or Jersey normalise, or refuse: where they route (path parameters), the token is
     * forwarded (the 401 of assisted-service), elsewhere they are unmatched; Tomcat's own 400 pages name no server
     * (see {@code forbidden}), and the log check below finds the token in none of them.
     */
    @Test
    @Order(9)
    void shortUrlsInOtherFormsAreServedOrRefused() throws Exception {
        String token = JWT_OTHER_FORMS;
        String notFound = ItChecks.PAGE_NOT_FOUND;
        check(List.of(
                Row.get("/byapikey/" + token + SHORT_TAIL, 404, notFound),
                Row.get("byapikey;x/" + token + SHORT_TAIL, 401, ""),
                Row.get("%62yapikey/" + token + SHORT_TAIL, 404, null),
                Row.get("./byapikey/" + token + SHORT_TAIL, 404, notFound),
                Row.get("BYAPIKEY/" + token + SHORT_TAIL, 404, notFound),
                Row.get("byapikey/./" + token + SHORT_TAIL, 404, notFound),
                Row.get("byapikey/" + token + ";x" + SHORT_TAIL, 401, ""),
                Row.get("bytoken/" + token + SHORT_TAIL + "/", 404, notFound),
                Row.get("images/" + ID_OK + "/../../bytoken/" + token + SHORT_TAIL, 404, notFound),
                Row.get("byapikey%2F" + token + SHORT_TAIL, 400, null),
                Row.get("byapikey/" + token + " " + SHORT_TAIL, 400, null)));
    }

    /**
     * Made-up request methods on measured routes leave the set of series and the size of {@code /metrics} as they
     * were: the {@code method} label is {@code GET}, {@code HEAD}, {@code OPTIONS} or {@code other}.
     */
    @Test
    @Order(8)
    void madeUpMethodsDoNotGrowTheMetrics() throws Exception {
        List<String> targets = List.of(ISO, "boot-artifacts/rootfs?version=4.17");
        for (String target : targets) {
            sendMethod("MADEUP", target);
        }
        ItMetrics metrics = new ItMetrics(base);
        String before = metrics.scrape();
        Set<Integer> statuses = new TreeSet<>();
        for (int i = 0; i < MADE_UP_METHODS; i++) {
            statuses.add(sendMethod("MADEUP-" + i, targets.get(i % targets.size())));
        }
        String after = metrics.scrape();
        assertEquals(Set.of(405), statuses);
        int grown = after.length() - before.length();
        assertEquals(serviceSeries(before), serviceSeries(after), "/metrics grew by " + grown + " bytes");
        assertTrue(grown < METRICS_GROWTH_LIMIT, "/metrics grew by " + grown + " bytes");
        assertTrue(after.contains("method=\"other\""), after);
    }

    private int sendMethod(String method, String target) throws Exception {
        return http.raw(request(new Row(method, target, List.of(), 405, null, null)), ANSWER_LIMIT).status();
    }

    /** The series of the service's own families, without their values. */
    private static Set<String> serviceSeries(String scrape) {
        return scrape.lines().filter(line -> line.startsWith("assisted_image_service_"))
                .map(line -> line.substring(0, line.lastIndexOf(' ')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    @Order(100)
    void logsHoldNoTokenOfTheTable() throws Exception {
        RawReply done = http.raw(request(new Row("GET", "live", List.of("X-Request-Id: " + DONE_ID), 200, null,
                null)), ANSWER_LIMIT);
        assertEquals(200, done.status());
        logs.accessLogContaining(" " + DONE_ID, Duration.ofSeconds(20));
        String all = logs.appended("");
        assertAll(TOKENS.stream().map(token -> () -> assertFalse(all.contains(token),
                "a log holds " + token.substring(0, Math.min(40, token.length())))));
    }

    private static Row range(String value, int status, String contentRange) {
        return new Row("GET", ISO, List.of("Range: " + value), status, null, contentRange);
    }

    private void check(List<Row> rows) {
        assertAll(rows.stream().map(row -> (Executable) () -> {
            RawReply reply = http.raw(request(row), ANSWER_LIMIT);
            String context = row.name() + " -> " + reply.head().lines().findFirst().orElse("");
            assertEquals(row.status(), reply.status(), context);
            if (row.body() != null) {
                assertEquals(row.body(), new String(reply.content(), StandardCharsets.UTF_8), context);
            }
            if (row.contentRange() != null) {
                assertEquals(Optional.of(row.contentRange()), reply.header("Content-Range"), context);
            }
            String answer = reply.head() + new String(reply.content(), StandardCharsets.ISO_8859_1);
            forbidden.forEach(text -> assertFalse(answer.contains(text), context + " answered with " + text));
        }));
    }

    private byte[] request(Row row) {
        StringBuilder request = new StringBuilder(row.method()).append(' ').append(base.getPath())
                .append(row.target()).append(" HTTP/1.1\r\nHost: ").append(base.getHost()).append("\r\n");
        row.headers().forEach(header -> request.append(header).append("\r\n"));
        return request.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String b64(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

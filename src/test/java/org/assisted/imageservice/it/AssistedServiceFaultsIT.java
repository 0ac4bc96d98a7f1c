package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.assisted.imageservice.it.ItHttp.Reply;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.assisted.imageservice.testsupport.ImageBehaviour;
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
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * assisted-service faults on each of the three calls, end to end: every fault answers its status
 * (docs/operations.md §8; upstream answers 500 for transport faults,
 * docs/upstream-behaviour.md#assisted-service-errors) within the configured timeout, with a short error body and never
 * image bytes, and the same image is served intact as soon as assisted-service behaves again. The deployment allows one
 * image request at a time, so a failure that kept its request slot would hang the next one.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssistedServiceFaultsIT {

    private static final String VERSION = "418.94.202501221327-0";
    /** Both ASSISTED_SERVICE_CONNECT_TIMEOUT_SECONDS and ASSISTED_SERVICE_TIMEOUT_SECONDS. */
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /**
     * What bounds a whole fetch, a trickling body included: connect timeout + call timeout. A silent call ends after
     * the call timeout, checked by HttpClient's I/O reactor once a second, so between one and two seconds here.
     */
    private static final Duration FETCH_BUDGET = TIMEOUT.plus(TIMEOUT);
    private static final Duration MARGIN = Duration.ofSeconds(1);
    private static final Duration EARLY = Duration.ofMillis(100);
    private static final Duration HANG = Duration.ofSeconds(10);
    private static final int MAX_ERROR_BODY_BYTES = 4096;
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] CPIO_MAGIC = "0707".getBytes(StandardCharsets.US_ASCII);
    private static final int WARM_UP_ATTEMPTS = 5;
    private static final String REQUEST_ID = "X-Request-Id";
    private static final String SECRET_MARK = "faultSecret";
    private static final String CONTROL_ID = ItImages.id(1);

    private static final Map<String, Integer> FAILED_REQUESTS = new LinkedHashMap<>();
    private static final Map<Route, String> BASELINES = new EnumMap<>(Route.class);

    private static FakeAssistedService assisted;
    private static RawFaultServer faults;
    private static TomcatLogs logs;
    private static Path iso;
    private static int closedPort;

    @ArquillianResource
    private URL base;
    private ItHttp http;

    /** The routes under test; each makes the calls of docs/upstream-behaviour.md#assisted-service-calls. */
    private enum Route {
        FULL_ISO("images/%s?version=4.17&type=full-iso"),
        SHORT_URL("byid/%s/4.17/x86_64/full.iso"),
        MINIMAL_ISO("images/%s?version=4.17&type=minimal-iso"),
        PXE_INITRD("images/%s/pxe-initrd?version=4.17");

        private final String template;

        Route(String template) {
            this.template = template;
        }

        String path(String id) {
            return template.formatted(id);
        }
    }

    private enum Fault {
        SLOW(504), TRICKLING_BODY(504), REFUSED(502), CLOSED_MID_BODY(502), RESET_MID_BODY(502),
        STATUS_500(500), STATUS_503(503), STATUS_401(401), STATUS_403(403),
        GARBAGE_JSON(500), WRONG_JSON_SHAPE(500), HUGE_IGNITION(400);

        private final int status;

        Fault(int status) {
            this.status = status;
        }
    }

    private record Row(Fault fault, Endpoint call, Route route) {
    }

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        logs = TomcatLogs.mark();
        faults = RawFaultServer.start();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assisted = FakeAssistedService.start();
        assisted.image(CONTROL_ID);
        Path work = Deployments.workDir("assisted-faults");
        iso = TestIsos.x86_64("rhcos-" + VERSION).buildWithXorriso(Files.createDirectories(work.resolve("src")));
        Map<String, String> parameters = new LinkedHashMap<>(ItImages.parameters(work, assisted,
                List.of(ItImages.Entry.full("4.17", "x86_64", VERSION, iso))));
        String seconds = Long.toString(TIMEOUT.toSeconds());
        parameters.put("ASSISTED_SERVICE_CONNECT_TIMEOUT_SECONDS", seconds);
        parameters.put("ASSISTED_SERVICE_TIMEOUT_SECONDS", seconds);
        parameters.put("MAX_CONCURRENT_REQUESTS", "1");
        return Deployments.war("assistedfaults", parameters);
    }

    @AfterAll
    static void stopStandIns() throws Exception {
        assisted.close();
        faults.close();
    }

    @BeforeEach
    void awaitReady() throws Exception {
        http = new ItHttp(base);
        http.awaitHealthy();
        if (BASELINES.isEmpty()) {
            warmUp();
            for (Route route : Route.values()) {
                BASELINES.put(route, ItHttp.sha256(served(route, CONTROL_ID, "baseline-" + route).body()));
            }
        }
    }

    @Test
    @Order(1)
    void everyFaultAnswersItsStatusInTimeWithAShortErrorAndTheImageRecovers() {
        List<Row> rows = rows();
        assertAll(IntStream.range(0, rows.size()).mapToObj(n -> (Executable) () -> check(n, rows.get(n))));
    }

    @Test
    @Order(2)
    void anAssistedServiceThatIsDownIs502AndServingResumesWhenItIsBack() throws Exception {
        int port = assisted.port();
        assisted.close();
        List<Route> routes = List.of(Route.FULL_ISO, Route.PXE_INITRD);
        for (int n = 0; n < routes.size(); n++) {
            failWith(new Row(Fault.REFUSED, Endpoint.IGNITION, routes.get(n)), ItImages.id(900 + n), "down-" + n, n);
        }
        assisted = FakeAssistedService.start(port);
        for (int n = 0; n < routes.size(); n++) {
            assisted.image(ItImages.id(900 + n));
            assertEquals(BASELINES.get(routes.get(n)),
                    ItHttp.sha256(served(routes.get(n), ItImages.id(900 + n), "back-" + n).body()));
        }
    }

    @Test
    @Order(3)
    void tomcatLogsHaveOneLinePerFailedRequestWithItsIdAndNoSecret() throws Exception {
        assertFalse(FAILED_REQUESTS.isEmpty(), "runs after the tests that send the faulty requests");
        String lastId = new ArrayList<>(FAILED_REQUESTS.keySet()).get(FAILED_REQUESTS.size() - 1);
        String access = logs.accessLogContaining(" " + lastId + "\n", Duration.ofSeconds(20));
        String application = logs.appended("catalina") + logs.appended("localhost");

        assertAll(FAILED_REQUESTS.entrySet().stream().map(failed -> (Executable) () -> {
            List<String> accessLines = lines(access, line -> line.endsWith(" " + failed.getKey()));
            assertEquals(1, accessLines.size(), failed.getKey() + " in the access log:\n" + access);
            assertTrue(accessLines.get(0).contains("\" " + failed.getValue() + " "), accessLines.get(0));
            assertEquals(1, lines(application, line -> line.contains("request " + failed.getKey() + ":")).size(),
                    failed.getKey() + " in the application log:\n" + application);
        }));
        assertFalse(access.contains(SECRET_MARK), access);
        assertFalse(application.contains(SECRET_MARK), application);
        assertFalse(application.contains("SEVERE"), application);
        assertFalse(application.contains("\tat "), application);
    }

    /**
     * The first requests after deployment load the classes of the whole download path, which on a busy machine can
     * take longer than the 1 s timeout; the faults are timed once that is done.
     */
    private void warmUp() throws Exception {
        for (int attempt = 0; attempt < WARM_UP_ATTEMPTS; attempt++) {
            if (http.get(Route.FULL_ISO.path(CONTROL_ID), REQUEST_ID, "warm-up").status() == 200) {
                return;
            }
        }
    }

    /** Each fault on each call, on the routes that make that call. */
    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Fault fault : List.of(Fault.SLOW, Fault.REFUSED, Fault.CLOSED_MID_BODY, Fault.RESET_MID_BODY,
                Fault.STATUS_500, Fault.STATUS_401, Fault.STATUS_403)) {
            rows.add(new Row(fault, Endpoint.IGNITION, Route.FULL_ISO));
            rows.add(new Row(fault, Endpoint.IGNITION, Route.PXE_INITRD));
            rows.add(new Row(fault, Endpoint.MINIMAL_INITRD, Route.PXE_INITRD));
            rows.add(new Row(fault, Endpoint.INFRA_ENV, Route.FULL_ISO));
        }
        rows.add(new Row(Fault.TRICKLING_BODY, Endpoint.IGNITION, Route.FULL_ISO));
        rows.add(new Row(Fault.TRICKLING_BODY, Endpoint.MINIMAL_INITRD, Route.PXE_INITRD));
        rows.add(new Row(Fault.TRICKLING_BODY, Endpoint.INFRA_ENV, Route.FULL_ISO));
        rows.add(new Row(Fault.STATUS_503, Endpoint.IGNITION, Route.SHORT_URL));
        rows.add(new Row(Fault.RESET_MID_BODY, Endpoint.IGNITION, Route.SHORT_URL));
        rows.add(new Row(Fault.SLOW, Endpoint.MINIMAL_INITRD, Route.MINIMAL_ISO));
        rows.add(new Row(Fault.RESET_MID_BODY, Endpoint.MINIMAL_INITRD, Route.MINIMAL_ISO));
        rows.add(new Row(Fault.STATUS_503, Endpoint.INFRA_ENV, Route.MINIMAL_ISO));
        rows.add(new Row(Fault.GARBAGE_JSON, Endpoint.INFRA_ENV, Route.FULL_ISO));
        rows.add(new Row(Fault.WRONG_JSON_SHAPE, Endpoint.INFRA_ENV, Route.FULL_ISO));
        rows.add(new Row(Fault.GARBAGE_JSON, Endpoint.INFRA_ENV, Route.MINIMAL_ISO));
        rows.add(new Row(Fault.HUGE_IGNITION, Endpoint.IGNITION, Route.FULL_ISO));
        rows.add(new Row(Fault.HUGE_IGNITION, Endpoint.IGNITION, Route.SHORT_URL));
        return rows;
    }

    private void check(int n, Row row) throws Exception {
        String id = ItImages.id(100 + n);
        inject(row, assisted.image(id));
        failWith(row, id, "fault-" + n, n);
        assertFalse(ItChecks.calls(assisted, id, row.call()).isEmpty(), row + ": the faulty call was made");

        assisted.reset(id);
        assertEquals(BASELINES.get(row.route()), ItHttp.sha256(served(row.route(), id, "healed-" + n).body()),
                row + ": the next request serves the image");
    }

    private static void inject(Row row, ImageBehaviour image) {
        Endpoint call = row.call();
        switch (row.fault()) {
            case SLOW -> image.delay(call, HANG);
            case TRICKLING_BODY -> image.redirect(call, faults.uri(RawFaultServer.TRICKLE_PATH).toString());
            case REFUSED -> image.redirect(call, "http://127.0.0.1:" + closedPort + "/");
            case CLOSED_MID_BODY -> image.truncate(call);
            case RESET_MID_BODY -> image.redirect(call, faults.uri(RawFaultServer.RESET_PATH).toString());
            case STATUS_500, STATUS_503, STATUS_401, STATUS_403 -> {
                switch (call) {
                    case IGNITION -> image.ignitionStatus(row.fault().status);
                    case MINIMAL_INITRD -> image.ramdiskStatus(row.fault().status);
                    case INFRA_ENV -> image.infraEnvStatus(row.fault().status);
                }
            }
            case GARBAGE_JSON -> image.infraEnvBody("{\"id\": \"x\", \"kernel_arguments\": [");
            case WRONG_JSON_SHAPE -> image.infraEnvBody("{\"kernel_arguments\":[{\"operation\":\"append\"}]}");
            case HUGE_IGNITION -> image.ignition(incompressibleIgnition());
        }
    }

    /** Sends the faulty request with a credential and a request id, and checks what came back. */
    private void failWith(Row row, String id, String requestId, int n) throws Exception {
        FAILED_REQUESTS.put(requestId, row.fault().status);
        long start = System.nanoTime();
        Reply reply = sendWithSecret(row.route().path(id), requestId, SECRET_MARK + n + "x", n);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(row.fault().status, reply.status(), row + ": " + reply.text());
        Duration earliest = switch (row.fault()) {
            case SLOW -> TIMEOUT;
            case TRICKLING_BODY -> FETCH_BUDGET;
            default -> Duration.ZERO;
        };
        assertTrue(elapsed.compareTo(earliest.minus(EARLY)) >= 0, row + " answered before its timeout: " + elapsed);
        assertTrue(elapsed.compareTo(FETCH_BUDGET.plus(MARGIN)) < 0, row + " answered after " + elapsed);
        assertErrorBody(row, reply);
    }

    /** The credential goes in one of the three places a client can put it, rotating over the requests. */
    private Reply sendWithSecret(String path, String requestId, String secret, int n) throws Exception {
        String separator = path.contains("?") ? "&" : "?";
        return switch (n % 3) {
            case 0 -> http.get(path + separator + "api_key=" + secret, REQUEST_ID, requestId);
            case 1 -> http.get(path + separator + "image_token=" + secret, REQUEST_ID, requestId);
            default -> http.get(path, REQUEST_ID, requestId, "Authorization", "Bearer " + secret);
        };
    }

    private static void assertErrorBody(Row row, Reply reply) {
        byte[] body = reply.body();
        String text = reply.text();
        assertTrue(body.length < MAX_ERROR_BODY_BYTES, row + ": " + body.length + " bytes");
        assertFalse(startsWith(body, GZIP_MAGIC) || startsWith(body, CPIO_MAGIC) || text.indexOf('\0') >= 0,
                row + ": image bytes in the error body");
        String length = Integer.toString(body.length);
        assertEquals(length, reply.header("Content-Length").orElse(length), row + ": Content-Length");
        assertFalse(text.contains(SECRET_MARK), row + ": " + text);
        if (row.route() == Route.PXE_INITRD) {
            String call = row.call() == Endpoint.IGNITION ? "ignition" : "ramdisk";
            assertTrue(text.startsWith("error retrieving " + call + " content: ") && text.endsWith("\n"), row + text);
            assertEquals(ItChecks.TEXT, reply.requireHeader("Content-Type"));
        } else if (row.fault() == Fault.HUGE_IGNITION) {
            assertTrue(text.matches("content length \\(\\d+\\) exceeds embed area size \\("
                    + TestIsos.IGNITION_AREA_BYTES + "\\) of the ignition area\n"), text);
        } else {
            assertEquals("", text, row.toString());
        }
    }

    /** A normal request: 200 with the whole image and its exact Content-Length. */
    private Reply served(Route route, String id, String requestId) throws Exception {
        Reply reply = http.get(route.path(id), REQUEST_ID, requestId);
        assertEquals(200, reply.status(), route + " " + requestId + ": " + reply.text());
        assertEquals(Integer.toString(reply.body().length), reply.requireHeader("Content-Length"));
        if (route == Route.FULL_ISO || route == Route.SHORT_URL) {
            assertEquals(Files.size(iso), reply.body().length, route.toString());
        }
        return reply;
    }

    /** Random bytes in base64: gzip cannot shrink them below the 256 KiB ignition area of the test ISO. */
    private static String incompressibleIgnition() {
        byte[] noise = new byte[3 * TestIsos.IGNITION_AREA_BYTES / 2];
        new Random(7).nextBytes(noise);
        return "{\"ignition\":{\"version\":\"3.2.0\"},\"noise\":\"" + Base64.getEncoder().encodeToString(noise) + "\"}";
    }

    private static boolean startsWith(byte[] body, byte[] magic) {
        return body.length >= magic.length && Arrays.equals(body, 0, magic.length, magic, 0, magic.length);
    }

    private static List<String> lines(String text, Predicate<String> filter) {
        return text.lines().filter(filter).toList();
    }
}

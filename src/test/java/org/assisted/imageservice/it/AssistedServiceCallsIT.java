package org.assisted.imageservice.it;

import static org.assisted.imageservice.it.ItImages.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assisted.imageservice.it.ItHttp.Reply;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.assisted.imageservice.testsupport.FakeAssistedService.RecordedRequest;
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

/**
 * What the ISO routes ask assisted-service and how its answers and failures come back
 * (docs/upstream-behaviour.md#assisted-service-calls to #assisted-service-errors), the short URLs
 * (#iso-request-parameters, #tokens-in-short-urls), and that no credential reaches Tomcat's logs.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssistedServiceCallsIT {

    private static final String VERSION = "418.94.202501221327-0";
    private static final String TIMEOUT_SECONDS = "1";
    private static final String API_KEY = "SECRET-api-key-123";
    private static final String IMAGE_TOKEN = "SECRET-image-token-456";
    private static final String BEARER = "Bearer SECRET-bearer-789";
    private static final String SECRET_MARK = "SECRET-";
    private static final List<String> NOT_FORWARDED = List.of("Cookie", "X-Forwarded-For", "X-Custom", "Origin");

    @AutoClose
    private static FakeAssistedService assisted;
    private static TomcatLogs logs;
    private static Path x86Iso;
    private static Path disconnectedIso;

    @ArquillianResource
    private URL base;
    private ItHttp http;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        logs = TomcatLogs.mark();
        Path work = Deployments.workDir("assisted-calls");
        Path src = Files.createDirectories(work.resolve("src"));
        x86Iso = TestIsos.x86_64("rhcos-" + VERSION).buildWithXorriso(src);
        disconnectedIso = TestIsos.x86_64("rhcos-" + VERSION + "-ove").rootfsSize(96 * 1024).buildWithXorriso(src);
        assisted = FakeAssistedService.start();
        Map<String, String> parameters = new LinkedHashMap<>(ItImages.parameters(work, assisted, List.of(
                ItImages.Entry.full("4.17", "x86_64", VERSION, x86Iso),
                new ItImages.Entry("4.17", "x86_64", VERSION, "disconnected-iso",
                        disconnectedIso.toUri().toString()))));
        parameters.put("ASSISTED_SERVICE_TIMEOUT_SECONDS", TIMEOUT_SECONDS);
        return Deployments.war("assistedcalls", parameters);
    }

    @BeforeEach
    void awaitReady() throws Exception {
        http = ItHttp.healthy(base);
    }

    @Test
    void assistedServiceStatusesPassThroughWithEmptyBodies() throws Exception {
        int n = 20;
        for (int status : List.of(401, 403, 404, 500, 503)) {
            String id = id(n++);
            assisted.image(id).ignitionStatus(status);
            assertEmpty(status, http.get(full(id)));
        }
        String infraEnvFails = id(n++);
        assisted.image(infraEnvFails).infraEnvStatus(500);
        assertEmpty(500, http.get(full(infraEnvFails)));
        String bothFail = id(n);
        assisted.image(bothFail).ignitionStatus(401).infraEnvStatus(500);
        assertEmpty(401, http.get(full(bothFail)));
    }

    @Test
    void slowAssistedServiceIs504WithinTheTimeout() throws Exception {
        String id = id(30);
        assisted.image(id).delay(Endpoint.IGNITION, Duration.ofSeconds(10));

        long start = System.nanoTime();
        Reply reply = http.get(full(id));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertEmpty(504, reply);
        assertTrue(elapsed.compareTo(Duration.ofMillis(900)) >= 0, "answered before the timeout: " + elapsed);
        assertTrue(elapsed.compareTo(Duration.ofMillis(5000)) < 0, "took " + elapsed);
    }

    @Test
    void unreachableAssistedServiceIs502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String id = id(31);
        assisted.image(id).redirect(Endpoint.IGNITION, "http://127.0.0.1:" + closedPort + "/gone");

        assertEmpty(502, http.get(full(id)));
    }

    @Test
    void unusableInfraEnvAnswersAre500() throws Exception {
        String garbage = id(32);
        String replace = id(33);
        String notAList = id(34);
        assisted.image(garbage).infraEnvBody("{\"id\": \"x\", \"kernel_arguments\": ");
        assisted.image(replace).kernelArguments("[{\"operation\":\"replace\",\"value\":\"p1\"}]");
        assisted.image(notAList).kernelArguments("p1 p2");

        for (String id : List.of(garbage, replace, notAList)) {
            assertEmpty(500, http.get(full(id)));
        }
    }

    @Test
    void exactlyOneCredentialIsForwardedInUpstreamPrecedence() throws Exception {
        String[] noise = {"Cookie", "session=SECRET-cookie", "X-Forwarded-For", "203.0.113.9", "X-Custom", "1",
            "Origin", "https://example.com"};
        String bearer = known(40);
        assertEquals(200, http.get(full(bearer), concat(noise, "Authorization", BEARER)).status());
        assertForwarded(bearer, Optional.empty(), Optional.empty(), Optional.of(BEARER));

        String apiKey = known(41);
        assertEquals(200, http.get(full(apiKey) + "&image_token=" + IMAGE_TOKEN + "&api_key=" + API_KEY,
                concat(noise, "Authorization", BEARER)).status());
        assertForwarded(apiKey, Optional.of(API_KEY), Optional.empty(), Optional.empty());

        String token = known(42);
        assertEquals(200, http.get(full(token) + "&image_token=" + IMAGE_TOKEN,
                concat(noise, "Authorization", BEARER)).status());
        assertForwarded(token, Optional.empty(), Optional.of(IMAGE_TOKEN), Optional.empty());

        String none = known(43);
        assertEquals(200, http.get(full(none), noise).status());
        assertForwarded(none, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void byIdServesFullAndDisconnectedImagesAndRejectsOtherFileNames() throws Exception {
        String id = id(50);
        String ignition = "{\"ignition\":{\"version\":\"3.2.0\"},\"agent\":true}";
        assisted.image(id).ignition(ignition);

        Reply fullIso = http.get("byid/" + id + "/4.17/x86_64/full.iso");
        Reply disconnected = http.get("byid/" + id + "/4.17/x86_64/disconnected.iso");
        Reply entire = http.get("byid/" + id + "/4.17/x86_64/entire.iso");

        assertEquals(200, fullIso.status());
        assertEquals(Files.size(x86Iso), fullIso.body().length);
        assertEquals("attachment; filename=" + id + "-discovery.iso", fullIso.requireHeader("Content-Disposition"));
        assertEquals(200, disconnected.status());
        assertEquals(Files.size(disconnectedIso), disconnected.body().length);
        assertEquals("attachment; filename=agent-ove.x86_64.iso", disconnected.requireHeader("Content-Disposition"));
        Path served = Files.write(disconnectedIso.resolveSibling("served-disconnected.iso"), disconnected.body());
        IsoTools tools = new IsoTools(served.getParent());
        assertEquals(ignition, tools.ignitionConfig(tools.extract(served, "/images/ignition.img")));
        assertEquals(List.of("full-iso", "disconnected-iso"), ItChecks.calls(assisted, id, Endpoint.IGNITION)
                .stream().map(r -> r.queryParams().get("discovery_iso_type")).toList());
        ItChecks.assertReply(404, "unrecognized file name entire.iso", entire);
        ItChecks.assertReply(404, ItChecks.PAGE_NOT_FOUND, http.get("byid/" + id + "/4.17/x86_64/full.iso/"));
        ItChecks.assertReply(404, ItChecks.PAGE_NOT_FOUND, http.get("byid/" + id + "/4.17/x86_64/"));
        assertEquals(2, ItChecks.calls(assisted, id, Endpoint.IGNITION).size(), "only the two images were fetched");
    }

    @Test
    void byApiKeyForwardsTheJwtAsApiKeyAndTakesTheIdFromSub() throws Exception {
        String sub = known(51);
        String ignored = id(52);
        String jwt = jwt("{\"infra_env_id\":\"" + ignored + "\",\"sub\":\"" + sub + "\",\"pad\":\"??????\"}");

        Reply reply = http.get("byapikey/" + jwt + "/4.17/x86_64/full.iso", "Authorization", BEARER);

        assertTrue(jwt.split("\\.")[1].contains("_"), "the payload is base64url, not standard base64");
        assertEquals(200, reply.status(), reply.text());
        assertEquals("attachment; filename=" + sub + "-discovery.iso", reply.requireHeader("Content-Disposition"));
        assertForwarded(sub, Optional.of(jwt), Optional.empty(), Optional.empty());
        assertEquals(List.of(), ItChecks.calls(assisted, ignored, Endpoint.IGNITION));
    }

    @Test
    void byTokenForwardsTheJwtAsImageTokenAndTakesTheIdFromInfraEnvId() throws Exception {
        String id = known(53);
        String jwt = jwt("{\"infra_env_id\":\"" + id + "\",\"pad\":\"??????\"}");

        Reply reply = http.get("bytoken/" + jwt + "/4.17/x86_64/full.iso?api_key=" + API_KEY);

        assertEquals(200, reply.status(), reply.text());
        assertEquals("attachment; filename=" + id + "-discovery.iso", reply.requireHeader("Content-Disposition"));
        assertForwarded(id, Optional.of(API_KEY), Optional.empty(), Optional.empty());
        String tokenOnly = known(54);
        String tokenOnlyJwt = jwt("{\"infra_env_id\":\"" + tokenOnly + "\"}");
        assertEquals(200, http.get("bytoken/" + tokenOnlyJwt + "/4.17/x86_64/full.iso").status());
        assertForwarded(tokenOnly, Optional.empty(), Optional.of(tokenOnlyJwt), Optional.empty());
    }

    @Test
    void tokensThatYieldNoIdAre404() throws Exception {
        String tail = "/4.17/x86_64/full.iso";
        ItChecks.assertReply(404, "failed to parse JWT from URL", http.get("bytoken/SECRET-not-a-jwt" + tail));
        ItChecks.assertReply(404, "InfraEnv ID not found in token",
                http.get("byapikey/" + jwt("{\"user\":\"someone\"}") + tail));
        Reply badBase64 = http.get("bytoken/SECRET-a.b!c.d" + tail);
        assertEquals(404, badBase64.status());
        assertTrue(badBase64.text().startsWith("illegal base64 data at input byte "), badBase64.text());
        assertFalse(assisted.requests().stream().anyMatch(r -> r.rawPath().contains("someone")));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void tomcatLogsHoldNoSecretsNoStackTracesAndNoJerseyWarnings() throws Exception {
        String access = logs.accessLogContaining("/bytoken/REDACTED", Duration.ofSeconds(20));
        String catalina = logs.appended("catalina") + logs.appended("localhost");

        assertFalse(access.contains(SECRET_MARK), access);
        assertFalse(catalina.contains(SECRET_MARK), catalina);
        assertFalse(catalina.contains("SEVERE"), catalina);
        assertFalse(catalina.contains("\tat "), catalina);
        // the deployment is in the appended text: resources registered as instances warn here (jersey#3700)
        assertTrue(catalina.lines().noneMatch(line -> line.contains(" WARNING ")
                && line.contains("org.glassfish.jersey")), catalina);
    }

    private void assertForwarded(String id, Optional<String> apiKey, Optional<String> imageToken,
                                 Optional<String> authorization) {
        List<RecordedRequest> calls = List.of(ItChecks.single(assisted, id, Endpoint.IGNITION),
                ItChecks.single(assisted, id, Endpoint.INFRA_ENV));
        for (RecordedRequest call : calls) {
            assertEquals(apiKey, Optional.ofNullable(call.queryParams().get("api_key")), call.rawPath());
            assertEquals(imageToken, call.header("Image-Token"), call.rawPath());
            assertEquals(authorization, call.header("Authorization"), call.rawPath());
            NOT_FORWARDED.forEach(name -> assertEquals(Optional.empty(), call.header(name), name));
        }
        assertEquals(apiKey.isPresent() ? 3 : 2, calls.get(0).queryParams().size());
        assertEquals(apiKey.isPresent() ? 1 : 0, calls.get(1).queryParams().size());
    }

    private static void assertEmpty(int status, Reply reply) {
        assertEquals(status, reply.status());
        assertEquals("", reply.text());
    }

    /** An image id that the fake assisted-service answers with its defaults. */
    private static String known(int n) {
        String id = id(n);
        assisted.image(id);
        return id;
    }

    private static String full(String id) {
        return "images/" + id + "?version=4.17&type=full-iso";
    }

    /** A JWT with base64url header and payload and a signature that is never checked. */
    private static String jwt(String claims) {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        return base64url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + base64url.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".SECRET-jwt-signature";
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}

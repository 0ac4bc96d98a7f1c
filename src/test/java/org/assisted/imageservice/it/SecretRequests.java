package org.assisted.imageservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assisted.imageservice.it.ItHttp.RawReply;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;

/**
 * Requests that carry distinctive credentials in every place a client can put one (api_key, image_token,
 * Authorization, the /byapikey and /bytoken path segment, a malformed token), against image IDs whose
 * assisted-service calls succeed, answer 401, answer 500 or time out, so that success and error paths both log.
 */
final class SecretRequests {

    static final String ID_OK = "0d5e3f4a-1b2c-4d5e-8f90-a1b2c3d4e5f6";
    static final String ID_UNAUTHORIZED = "1a2b3c4d-5e6f-4a8b-9c0d-e1f2a3b4c5d6";
    static final String ID_FAILING = "2b3c4d5e-6f7a-4b9c-8d1e-f2a3b4c5d6e7";
    static final String ID_SLOW = "3c4d5e6f-7a8b-4c0d-9e2f-a3b4c5d6e7f8";
    static final String REQUEST_ID = "it-secrets-401";

    private static final String API_KEY = "apikeySecret7f3a9";
    private static final String IMAGE_TOKEN = "imagetokenSecret5c1e";
    private static final String BEARER = "bearerSecret2d8b";
    private static final String API_KEY_JWT_SIGNATURE = "jwtSigSecret9a4f";
    private static final String IMAGE_TOKEN_JWT_SIGNATURE = "jwtSigSecret1b6e";
    private static final String NOT_A_JWT = "notajwtSecret3e7d";
    private static final String PXE_API_KEY = "pxeSecret8c2a";
    private static final String PLAIN_HTTP_API_KEY = "plainHttpSecret4f0b";
    private static final String UNPARSABLE_API_KEY = "unparsableSecret6e2c";
    private static final String BYPASS_SIGNATURE = "bypassSecret0c4d";
    static final List<String> SECRETS = List.of(API_KEY, IMAGE_TOKEN, BEARER, API_KEY_JWT_SIGNATURE,
            IMAGE_TOKEN_JWT_SIGNATURE, NOT_A_JWT, PXE_API_KEY, PLAIN_HTTP_API_KEY, UNPARSABLE_API_KEY,
            BYPASS_SIGNATURE);

    private final HttpClient client;
    private final String https;
    private final String http;
    private final String version;

    SecretRequests(HttpClient client, String https, String http, String version) {
        this.client = client;
        this.https = https;
        this.http = http;
        this.version = version;
    }

    static void configure(FakeAssistedService assisted) {
        assisted.image(ID_OK).ignition("{\"ignition\":{\"version\":\"3.2.0\"}}");
        assisted.image(ID_UNAUTHORIZED).ignitionStatus(401);
        assisted.image(ID_FAILING).infraEnvStatus(500);
        assisted.image(ID_SLOW).delay(Endpoint.IGNITION, Duration.ofSeconds(3));
    }

    void sendAll() throws Exception {
        String query = "?version=" + version + "&type=full-iso";
        expect(200, https + "/images/" + ID_OK + query + "&api_key=" + API_KEY, null);
        expect(401, https + "/images/" + ID_UNAUTHORIZED + query + "&api_key=" + API_KEY, null);
        expect(500, https + "/images/" + ID_FAILING + query + "&image_token=" + IMAGE_TOKEN, null);
        expect(504, https + "/images/" + ID_SLOW + query + "&api_key=" + API_KEY, null);
        expect(401, https + "/images/" + ID_UNAUTHORIZED + query, "Bearer " + BEARER);
        String shortSuffix = "/" + version + "/x86_64/full.iso";
        expect(401, https + "/byapikey/" + jwt(ID_UNAUTHORIZED, API_KEY_JWT_SIGNATURE) + shortSuffix, null);
        expect(500, https + "/bytoken/" + jwt(ID_FAILING, IMAGE_TOKEN_JWT_SIGNATURE) + shortSuffix, null);
        expect(404, https + "/byapikey/" + NOT_A_JWT + shortSuffix, null);
        expect(-1, https + "/images/" + ID_UNAUTHORIZED + "/pxe-initrd?version=" + version + "&api_key="
                + PXE_API_KEY, null);
        expect(-1, http + "/images/" + ID_UNAUTHORIZED + "/pxe-initrd?version=" + version + "&api_key="
                + PXE_API_KEY, null);
        expect(404, http + "/images/" + ID_OK + query + "&api_key=" + PLAIN_HTTP_API_KEY, null);
    }

    /**
     * Short-URL paths in other forms, sent byte for byte: doubled slashes, path parameters, percent-encoded or
     * upper-case prefixes, dot segments, encoded slashes, a target with a space (a bad request line). Tomcat answers
     * some itself before the application, Tomcat and Jersey normalise some to a short URL; none may put the token
     * into a log or an answer.
     *
     * @return request line to status
     */
    static Map<String, Integer> sendTokenPathsInOtherForms(URL base) throws IOException {
        String token = jwt(ID_UNAUTHORIZED, BYPASS_SIGNATURE);
        String tail = "/4.17/x86_64/full.iso";
        List<String> targets = List.of("//byapikey/" + token + tail, "/byapikey;x/" + token + tail,
                "/%62yapikey/" + token + tail, "/./byapikey/" + token + tail, "/BYAPIKEY/" + token + tail,
                "/byapikey/./" + token + tail, "/byapikey/%2e/" + token + "/x86_64/full.iso",
                "/byapikey/" + token + ";x" + tail, "/bytoken/" + token + tail + "/",
                "/images/" + ID_OK + "/../../bytoken/" + token + tail, "/byapikey%2F" + token + tail,
                "/byapikey/" + token + "%2F4.17/x86_64/full.iso", "/byapikey/" + token + " " + tail);
        ItHttp http = new ItHttp(base);
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (String target : targets) {
            String line = "GET " + target + " HTTP/1.1";
            RawReply reply = http.raw((line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(10));
            statuses.put(line, reply.status());
            String answer = reply.head() + new String(reply.content(), StandardCharsets.ISO_8859_1);
            assertFalse(answer.contains(BYPASS_SIGNATURE), line + " answered with the token: " + answer);
        }
        return statuses;
    }

    /** A JWT whose payload names {@code id} and whose signature segment is the secret. */
    private static String jwt(String id, String signature) {
        Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(("{\"sub\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
        assertFalse((header + payload).contains("/") || (header + payload).contains("+"), payload);
        return header + "." + payload + "." + signature;
    }

    /** @param status the expected status, or -1 when any status will do */
    private void expect(int status, String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("X-Request-Id",
                status == 401 && authorization == null && url.contains("/images/") ? REQUEST_ID : "it-secrets");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (status >= 0) {
            assertEquals(status, response.statusCode(), url);
        }
        String answer = response.headers().map() + new String(response.body(), StandardCharsets.ISO_8859_1);
        SECRETS.forEach(secret -> assertFalse(answer.contains(secret), url + " answered with " + secret));
    }

    /** The credentials did reach assisted-service, so the requests exercised the paths that handle them. */
    static void assertForwarded(FakeAssistedService assisted) {
        List<FakeAssistedService.RecordedRequest> calls = assisted.requests();
        assertTrue(calls.stream().anyMatch(r -> String.valueOf(r.rawQuery()).contains("api_key=" + API_KEY)));
        assertTrue(calls.stream().anyMatch(r -> r.header("Image-Token").orElse("").equals(IMAGE_TOKEN)));
        assertTrue(calls.stream().anyMatch(r -> r.header("Authorization").orElse("").equals("Bearer " + BEARER)));
        assertTrue(calls.stream().anyMatch(r -> String.valueOf(r.rawQuery()).contains(API_KEY_JWT_SIGNATURE)));
    }

    /**
     * Sends a request line Tomcat cannot parse (a raw {@code {} in the query) with an api_key: Tomcat logs the
     * first such request after a start with its request target unless request data logging is off
     * (tomcat-conf's catalina.properties fragment), so send it first.
     */
    static void sendUnparsableRequest(URL base) throws IOException {
        String request = "GET /images/" + ID_OK + "/pxe-initrd?api_key=" + UNPARSABLE_API_KEY + "&x={ HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";
        assertEquals(400, new ItHttp(base).raw(request.getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(10))
                .status(), "Tomcat refuses the request line");
    }

    /** No file contains a credential, and the logs did record the requests and their errors. */
    static void assertLogsClean(List<Path> files) {
        StringBuilder all = new StringBuilder();
        for (Path file : files) {
            String text = StandaloneTomcat.read(file);
            SECRETS.forEach(secret -> assertFalse(text.contains(secret), file + " contains " + secret));
            all.append(text);
        }
        String logs = all.toString();
        assertTrue(logs.contains("\"GET /byapikey/REDACTED/4.17/x86_64/full.iso HTTP/1.1\" 401"), logs);
        assertTrue(logs.contains("\"GET /images/" + ID_UNAUTHORIZED + " HTTP/1.1\" 401"), logs);
        assertTrue(logs.contains("\"GET //byapikey/REDACTED HTTP/1.1\" 404"), "a token path that does not route");
        assertTrue(logs.contains(" " + REQUEST_ID + "\n"), "access log names the request id");
        assertTrue(logs.contains("request " + REQUEST_ID + ": assisted-service ignition failed, answering 401"),
                "error log names the request id");
        assertTrue(logs.contains("ignition failed, answering 504"), "the timeout was logged");
        assertTrue(logs.contains("api_key=REDACTED"), "the failing assisted-service URL was logged, redacted");
    }
}

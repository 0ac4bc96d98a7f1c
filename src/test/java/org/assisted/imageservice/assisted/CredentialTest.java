package org.assisted.imageservice.assisted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.assisted.imageservice.assisted.Credential.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialTest {

    /** docs/upstream-behaviour.md#credentials-forwarded; "-" = absent, "''" = empty (also absent). */
    @ParameterizedTest(name = "path key {0}, query key {1}, path token {2}, image_token {3}, Authorization {4} -> {5} {6}")
    @CsvSource(nullValues = "-", value = {
        "pk, qk, pt, qt, auth, API_KEY, pk",
        "-,  qk, pt, qt, auth, API_KEY, qk",
        "'', qk, pt, qt, auth, API_KEY, qk",
        "-,  -,  pt, qt, auth, IMAGE_TOKEN, pt",
        "-,  '', '', qt, auth, IMAGE_TOKEN, qt",
        "-,  -,  -,  -,  Bearer x, AUTHORIZATION, Bearer x",
        "-,  -,  -,  '', auth, AUTHORIZATION, auth",
        "pk, -,  pt, -,  -,    API_KEY, pk",
        "-,  -,  -,  -,  -,    -, -",
        "'', '', '', '', '',   -, -",
    })
    void theForwardedCredentialIsTheFirstPresentInputInUpstreamOrder(String pathApiKey, String queryApiKey,
            String pathToken, String queryImageToken, String authorization, Kind expectedKind, String expectedValue) {
        Map<String, String> query = new HashMap<>();
        query.put("api_key", queryApiKey);
        query.put("image_token", queryImageToken);
        RequestCredentials offered = RequestCredentials.of(query::get, authorization)
                .withPathApiKey(pathApiKey).withPathToken(pathToken);

        Optional<Credential> expected = expectedKind == null ? Optional.empty()
                : Optional.of(new Credential(expectedKind, expectedValue));
        assertEquals(expected, offered.forwarded());
    }

    /** Only {@code api_key} and {@code image_token} are read from the query; other parameters are no credential. */
    @Test
    void otherQueryParametersAreNoCredential() {
        Map<String, String> query = Map.of("apiKey", "a", "token", "t", "authorization", "Bearer x");

        assertEquals(Optional.empty(), RequestCredentials.of(query::get, null).forwarded());
    }

    @Test
    void toStringNeverShowsTheValue() {
        for (Kind kind : Kind.values()) {
            String text = new Credential(kind, "TOPSECRET").toString();
            assertFalse(text.contains("TOPSECRET"), text);
            assertEquals("Credential[" + kind + ", value redacted]", text);
        }
    }

    @Test
    void emptyValueIsNotACredential() {
        assertThrows(IllegalArgumentException.class, () -> Credential.apiKey(""));
    }

    @Test
    void digestDependsOnKindAndValueAndNeverShowsTheValue() {
        Credential.Digest a = Credential.apiKey("secret-a").digest();
        assertEquals(a, Credential.apiKey("secret-a").digest());
        assertNotEquals(a, Credential.apiKey("secret-b").digest());
        assertNotEquals(a, Credential.imageToken("secret-a").digest());
        assertNotEquals(a, Credential.authorization("secret-a").digest());
        assertFalse(a.toString().contains("secret-a"), a.toString());
        assertEquals(64, a.sha256().length());
    }

    /** RFC 7519 §4.1.4: exp is a NumericDate; the tokens are built here, unsigned, as the service never verifies. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
        "{\"sub\":\"id\",\"exp\":1767225600}|2026-01-01T00:00:00Z",
        "{\"exp\":1767225600.75,\"sub\":\"id\"}|2026-01-01T00:00:00Z",
        "{\"sub\":\"id\",\"nested\":{\"exp\":1}}|-",
        "{\"sub\":\"id\"}|-",
        "{\"exp\":\"1767225600\"}|1970-01-01T00:00:00Z",
        "{\"exp\":-5}|1970-01-01T00:00:00Z",
        "{\"exp\":1e300}|1970-01-01T00:00:00Z",
        "[1767225600]|1970-01-01T00:00:00Z",
        "{\"exp\":|1970-01-01T00:00:00Z",
    })
    void expiryIsTheExpClaimOfAJwtAndAnUnreadableOneIsPast(String payload, String expected) {
        Optional<Instant> expiry = expected == null ? Optional.empty() : Optional.of(Instant.parse(expected));
        String token = jwt(payload);
        assertEquals(expiry, Credential.apiKey(token).expiry());
        assertEquals(expiry, Credential.imageToken(token).expiry());
        assertEquals(expiry, Credential.authorization("Bearer " + token).expiry());
        assertEquals(expiry, Credential.authorization("bearer " + token).expiry());
    }

    @Test
    void aValueThatIsNoJwtHasNoExpiry() {
        assertEquals(Optional.empty(), Credential.apiKey("opaque-key").expiry());
        assertEquals(Optional.empty(), Credential.authorization("Basic dXNlcjpwYXNz").expiry());
        assertEquals(Optional.empty(), Credential.imageToken("a.%%%.c").expiry());
    }

    private static String jwt(String payloadJson) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }
}

package org.assisted.imageservice.assisted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.assisted.imageservice.assisted.Credential.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialTest {

    /** assisted-service-contract.md §4; "-" = absent, "''" = empty (also absent). */
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
    void resolvePicksTheFirstPresentInputInUpstreamOrder(String pathApiKey, String queryApiKey, String pathToken,
                                                          String queryImageToken, String authorization,
                                                          Kind expectedKind, String expectedValue) {
        Optional<Credential> expected = expectedKind == null ? Optional.empty()
                : Optional.of(new Credential(expectedKind, expectedValue));
        assertEquals(expected, Credential.resolve(pathApiKey, queryApiKey, pathToken, queryImageToken, authorization));
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
}

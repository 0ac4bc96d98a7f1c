package org.assisted.imageservice.assisted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.assisted.imageservice.testsupport.FuzzLoop;
import org.assisted.imageservice.testsupport.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwtInfraEnvIdTest {

    private static final String HEADER = "eyJhbGciOiJSUzI1NiJ9";
    private static final String ID = "9c8d3a3a-5f7e-4d55-9c1b-0a4a3e2f1b6d";

    private static String token(String payloadJson, Base64.Encoder encoder) {
        return HEADER + "." + encoder.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static String rawStd(String payloadJson) {
        return token(payloadJson, Base64.getEncoder().withoutPadding());
    }

    @Test
    void infraEnvIdClaim() {
        assertEquals(ID, JwtInfraEnvId.parse(rawStd("{\"infra_env_id\":\"" + ID + "\"}")));
    }

    @Test
    void subClaimAndSubWinsOverInfraEnvId() {
        assertEquals(ID, JwtInfraEnvId.parse(rawStd("{\"sub\":\"" + ID + "\"}")));
        assertEquals("from-sub", JwtInfraEnvId.parse(rawStd("{\"infra_env_id\":\"other\",\"sub\":\"from-sub\"}")));
        assertEquals("other", JwtInfraEnvId.parse(rawStd("{\"infra_env_id\":\"other\",\"sub\":\"\"}")));
    }

    @Test
    void keysMatchCaseInsensitivelyAndTheLastOneWinsLikeGo() {
        assertEquals("b", JwtInfraEnvId.parse(rawStd("{\"SUB\":\"a\",\"Sub\":\"b\"}")));
        assertEquals("a", JwtInfraEnvId.parse(rawStd("{\"sub\":\"a\",\"sub\":null,\"exp\":12,\"x\":{\"y\":[1]}}")));
        assertEquals("c", JwtInfraEnvId.parse(rawStd("{\"Infra_Env_ID\":\"c\"}")));
    }

    /** Deviation from upstream (RawStdEncoding only): base64url and padding are accepted too. */
    @Test
    void acceptsBase64UrlAndPadding() {
        String payload = "{\"sub\":\"??>>\",\"pad\":\"~~~\"}";
        String url = token(payload, Base64.getUrlEncoder());
        assertTrue(url.contains("-") || url.contains("_"), url);
        assertTrue(url.contains("="), url);
        assertEquals("??>>", JwtInfraEnvId.parse(url));
        assertEquals("??>>", JwtInfraEnvId.parse(token(payload, Base64.getEncoder())));
    }

    @Test
    void withMoreDotsThePayloadIsTheSecondToLastPart() {
        String payload = Base64.getEncoder().withoutPadding().encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("x", JwtInfraEnvId.parse("a.b." + payload + ".sig"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not a JWT|failed to parse JWT from URL",
        "onlyone.dot|failed to parse JWT from URL",
        "a..b|failed to parse JWT from URL",
        "foo.bar.baz|invalid JSON in token payload: Invalid UTF-8 start byte 0xaa",
        "h.a*b.s|illegal base64 data at input byte 1",
        "h.abcde.s|illegal base64 data at input byte 4",
        "h.YQ===.s|illegal base64 data at input byte 2",
        "h.YW=.s|illegal base64 data at input byte 2",
    })
    void malformedTokens(String token, String message) {
        assertEquals(message, assertThrows(InvalidTokenException.class, () -> JwtInfraEnvId.parse(token)).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|InfraEnv ID not found in token",
        "null|InfraEnv ID not found in token",
        "{\"sub\":\"\",\"infra_env_id\":\"\"}|InfraEnv ID not found in token",
        "{\"sub\":1}|json: cannot unmarshal number into Go struct field handlers.payload.sub of type string",
        "{\"infra_env_id\":true}|json: cannot unmarshal bool into Go struct field handlers.payload.infra_env_id of type string",
        "[\"sub\"]|json: cannot unmarshal array into Go value of type handlers.payload",
        "{\"sub\":\"a\"} 1|invalid character after top-level value",
    })
    void payloadsWithoutAUsableId(String payload, String message) {
        assertEquals(message, assertThrows(InvalidTokenException.class, () -> JwtInfraEnvId.parse(rawStd(payload))).getMessage());
    }

    @Test
    void oversizedTokensAreRejectedBeforeDecoding() {
        String huge = rawStd("{\"sub\":\"" + "a".repeat(JwtInfraEnvId.MAX_TOKEN_CHARS) + "\"}");
        assertEquals("failed to parse JWT from URL: token longer than 16384 characters",
                assertThrows(InvalidTokenException.class, () -> JwtInfraEnvId.parse(huge)).getMessage());
    }

    /** Seeded fuzzing of valid tokens: a mutant yields a non-empty id or an InvalidTokenException, quickly. */
    @Test
    void mutatedTokensYieldAnIdOrInvalidTokenException() {
        List<byte[]> seeds = List.of(rawStd("{\"sub\":\"" + ID + "\"}"),
                token("{\"infra_env_id\":\"" + ID + "\",\"sub\":\"\",\"x\":{\"y\":[1,{\"z\":null}]}}",
                        Base64.getUrlEncoder()), "a.b." + rawStd("{\"Sub\":\"x\"}"))
                .stream().map(t -> t.getBytes(StandardCharsets.ISO_8859_1)).toList();
        Mutator mutator = new Mutator(7519, List.of());
        FuzzLoop loop = new FuzzLoop(20_000, Duration.ofSeconds(10), Duration.ofSeconds(1), 4L << 20,
                List.of(InvalidTokenException.class));
        FuzzLoop.Outcomes outcomes = loop.run(i -> {
            String token = new String(mutator.mutate(seeds.get(i % seeds.size()), 3), StandardCharsets.ISO_8859_1);
            assertFalse(JwtInfraEnvId.parse(token).isEmpty(), token);
        });
        assertTrue(outcomes.succeeded() > 0 && outcomes.rejected() > 0, outcomes.toString());
    }

    /** Inputs at the length limit that would be slow for a backtracking pattern or a recursive JSON reader. */
    @Test
    void adversarialTokensAtTheLengthLimitFailQuickly() {
        int max = JwtInfraEnvId.MAX_TOKEN_CHARS;
        String deep = Base64.getEncoder().withoutPadding().encodeToString(
                "{\"a\":[".repeat(max / 8).getBytes(StandardCharsets.US_ASCII));
        List<String> tokens = List.of(".".repeat(max), "a.".repeat(max / 2), "a" + ".".repeat(max - 2) + "a",
                "a.b" + "\n.".repeat(max / 2 - 2), "h." + deep.substring(0, max - 4) + ".s",
                "h." + "=".repeat(max - 4) + ".s");
        FuzzLoop loop = new FuzzLoop(tokens.size(), Duration.ofSeconds(5), Duration.ofMillis(500), 16L << 20,
                List.of(InvalidTokenException.class));
        assertEquals(0, loop.run(i -> JwtInfraEnvId.parse(tokens.get(i))).succeeded());
    }

    @ParameterizedTest
    @ValueSource(strings = {ID, "abc", "A.b_c-9", "x"})
    void safeIds(String id) {
        assertTrue(JwtInfraEnvId.isSafeId(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a b", "a%2F", "é", "a\nb"})
    void unsafeIds(String id) {
        assertFalse(JwtInfraEnvId.isSafeId(id));
    }

    @Test
    void unsafeIdLengthLimit() {
        assertTrue(JwtInfraEnvId.isSafeId("a".repeat(128)));
        assertFalse(JwtInfraEnvId.isSafeId("a".repeat(129)));
        assertFalse(JwtInfraEnvId.isSafeId(null));
    }
}

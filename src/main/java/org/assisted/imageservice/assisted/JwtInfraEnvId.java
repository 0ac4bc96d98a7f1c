package org.assisted.imageservice.assisted;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mines the InfraEnv ID from the JWT of a {@code /byapikey} or {@code /bytoken} URL
 * (docs/upstream-behaviour.md#tokens-in-short-urls). The signature is not checked: assisted-service authenticates the
 * token when it is forwarded.
 *
 * <p>Deviation: upstream decodes the payload with Go's {@code RawStdEncoding} (standard alphabet, no padding) and
 * so rejects payloads whose encoding contains {@code -} or {@code _}. RFC 7515 §2 JWTs use base64url; this parser
 * accepts both alphabets and optional {@code =} padding, a superset of what upstream accepts.
 */
public final class JwtInfraEnvId {

    /** Longer tokens are rejected before any decoding. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;

    /** Upstream's payload selection: greedy, so with more than two dots the second-to-last part. */
    private static final Pattern PAYLOAD = Pattern.compile("^.+\\.(.+)\\..+", Pattern.UNIX_LINES);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final String PAYLOAD_TYPE = "handlers.payload";

    private JwtInfraEnvId() {
    }

    /**
     * @return {@code sub} when non-empty, else {@code infra_env_id} when non-empty
     * @throws InvalidTokenException with upstream's message: {@code failed to parse JWT from URL},
     *                               {@code illegal base64 data at input byte N}, a JSON error, or
     *                               {@code InfraEnv ID not found in token}
     */
    public static String parse(String token) {
        Map<String, String> claims = claims(payload(token));
        String sub = claims.getOrDefault("sub", "");
        if (!sub.isEmpty()) {
            return sub;
        }
        String infraEnvId = claims.getOrDefault("infra_env_id", "");
        if (!infraEnvId.isEmpty()) {
            return infraEnvId;
        }
        throw new InvalidTokenException("InfraEnv ID not found in token");
    }

    /** The decoded payload part of {@code token}, selected and decoded as upstream does (see the class comment). */
    static byte[] payload(String token) {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("failed to parse JWT from URL: token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        Matcher matcher = PAYLOAD.matcher(token);
        if (!matcher.find()) {
            throw new InvalidTokenException("failed to parse JWT from URL");
        }
        return decodeBase64(matcher.group(1));
    }

    /**
     * Whether an ID may go into assisted-service URLs and file names: 1 to 128 of {@code [A-Za-z0-9._-]}
     * (UUIDs included), but not the dot segments {@code .} and {@code ..}. Upstream does not check [weakness].
     */
    public static boolean isSafeId(String id) {
        return id != null && SAFE_ID.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    private static byte[] decodeBase64(String encoded) {
        int end = encoded.length();
        while (end > 0 && encoded.charAt(end - 1) == '=' && encoded.length() - end < 2) {
            end--;
        }
        int padding = encoded.length() - end;
        StringBuilder standard = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            char c = encoded.charAt(i);
            if (c == '-' || c == '_') {
                standard.append(c == '-' ? '+' : '/');
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                standard.append(c);
            } else {
                throw illegalBase64(i);
            }
        }
        if (end % 4 == 1 || (padding > 0 && (end + padding) % 4 != 0)) {
            throw illegalBase64(end % 4 == 1 ? end - 1 : end);
        }
        return Base64.getDecoder().decode(standard.toString());
    }

    private static InvalidTokenException illegalBase64(int offset) {
        return new InvalidTokenException("illegal base64 data at input byte " + offset);
    }

    private static Map<String, String> claims(byte[] json) {
        try (JsonParser parser = GoJsonFields.FACTORY.createParser(json)) {
            JsonToken token = parser.nextToken();
            Map<String, String> claims = Map.of();
            if (token == JsonToken.START_OBJECT) {
                claims = GoJsonFields.read(parser, Set.of("sub", "infra_env_id"), PAYLOAD_TYPE, false);
            } else if (token != JsonToken.VALUE_NULL) {
                throw new InvalidTokenException("json: cannot unmarshal " + GoJsonFields.kind(token)
                        + " into Go value of type " + PAYLOAD_TYPE);
            }
            if (parser.nextToken() != null) {
                throw new InvalidTokenException("invalid character after top-level value");
            }
            return claims;
        } catch (JsonProcessingException e) {
            throw new InvalidTokenException("invalid JSON in token payload: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

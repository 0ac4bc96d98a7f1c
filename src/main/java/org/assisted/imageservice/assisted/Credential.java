package org.assisted.imageservice.assisted;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The one credential forwarded to assisted-service (docs/upstream-behaviour.md#credentials-forwarded), chosen from a
 * request's by {@link RequestCredentials#forwarded}. The value is secret: {@link #toString()} never shows it.
 *
 * @param kind  how it is sent
 * @param value the api key, image token or Authorization header value, verbatim; never empty
 */
public record Credential(Kind kind, String value) {

    /** How a credential travels to assisted-service. */
    public enum Kind {
        /** Query parameter {@code api_key}. */
        API_KEY,
        /** Header {@code Image-Token}. */
        IMAGE_TOKEN,
        /** Header {@code Authorization}, verbatim. */
        AUTHORIZATION
    }

    public Credential {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an empty credential is no credential");
        }
    }

    /**
     * A credential's identity without its value: SHA-256 of kind and value, so that answers earned with a
     * credential can be keyed by it without keeping the secret itself.
     */
    public record Digest(String sha256) {
    }

    private static final String BEARER = "bearer ";
    private static final MessageDigest SHA256 = sha256();

    public static Credential apiKey(String value) {
        return new Credential(Kind.API_KEY, value);
    }

    public static Credential imageToken(String value) {
        return new Credential(Kind.IMAGE_TOKEN, value);
    }

    public static Credential authorization(String value) {
        return new Credential(Kind.AUTHORIZATION, value);
    }

    /** This credential's {@link Digest}. */
    public Digest digest() {
        MessageDigest sha256 = newSha256();
        sha256.update(kind.name().getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) 0);
        return new Digest(HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8))));
    }

    /** A copy of a prototype: cheaper than a provider lookup, which every Range read of a reused download pays. */
    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the platform's SHA-256 cannot be copied", e);
        }
    }

    /**
     * The {@code exp} claim when the credential is a JWT (api key, image token, or an Authorization {@code Bearer}
     * token): an answer earned with it must not be reused past this instant. An {@code exp} that cannot be read is
     * {@link Instant#EPOCH}, already past. Empty when the value is no JWT or has no {@code exp}.
     */
    public Optional<Instant> expiry() {
        String token = value;
        if (kind == Kind.AUTHORIZATION && value.length() > BEARER.length()
                && value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            token = value.substring(BEARER.length()).strip();
        }
        return JwtExpiry.of(token);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "Credential[" + kind + ", value redacted]";
    }
}

package org.assisted.imageservice.assisted;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code exp} claim (RFC 7519 §4.1.4: a NumericDate, seconds since the epoch, maybe with a fraction) of a
 * credential that is a JWT. Like {@link JwtInfraEnvId}, nothing is verified: the claim only bounds how long an
 * answer earned with the token may be reused, never whether the token is accepted.
 */
final class JwtExpiry {

    /** What an {@code exp} that cannot be read means: already expired, so nothing earned with it is kept. */
    static final Instant UNREADABLE = Instant.EPOCH;

    /** Larger NumericDates are beyond {@link Instant} and treated as unreadable. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    private JwtExpiry() {
    }

    /**
     * @return empty when {@code token} is no JWT (no base64 payload part) or its payload object has no {@code exp};
     *         the claim rounded down to the second; {@link #UNREADABLE} when the payload is not a JSON object or its
     *         {@code exp} is not a number of seconds an {@link Instant} can hold
     */
    static Optional<Instant> of(String token) {
        byte[] payload;
        try {
            payload = JwtInfraEnvId.payload(token);
        } catch (InvalidTokenException notAJwt) {
            return Optional.empty();
        }
        try (JsonParser parser = GoJsonFields.FACTORY.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.of(UNREADABLE);
            }
            Optional<Instant> exp = Optional.empty();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isExp = parser.currentName().equals("exp");
                JsonToken value = parser.nextToken();
                if (!isExp) {
                    parser.skipChildren();
                } else if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                    exp = Optional.of(instant(parser.getDecimalValue()));
                } else {
                    exp = Optional.of(UNREADABLE);
                    parser.skipChildren();
                }
            }
            return exp;
        } catch (IOException | IllegalArgumentException malformedJson) {
            return Optional.of(UNREADABLE);
        }
    }

    private static Instant instant(BigDecimal seconds) {
        if (seconds.signum() < 0 || seconds.compareTo(MAX_SECONDS) > 0) {
            return UNREADABLE;
        }
        return Instant.ofEpochSecond(seconds.longValue());
    }
}

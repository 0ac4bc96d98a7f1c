package org.assisted.imageservice.assisted;

import java.util.Optional;
import java.util.function.Function;

/**
 * The places a request may carry its credential (docs/upstream-behaviour.md#credentials-forwarded), each set by name
 * so that no call site can swap two of them, and upstream's precedence among them ({@link #forwarded}). Null or empty
 * values are absent. Holds secrets: it has no {@code toString} of its values.
 */
public final class RequestCredentials {

    private final String pathApiKey;
    private final String queryApiKey;
    private final String pathToken;
    private final String queryImageToken;
    private final String authorization;

    private RequestCredentials(String pathApiKey, String queryApiKey, String pathToken, String queryImageToken,
                               String authorization) {
        this.pathApiKey = pathApiKey;
        this.queryApiKey = queryApiKey;
        this.pathToken = pathToken;
        this.queryImageToken = queryImageToken;
        this.authorization = authorization;
    }

    /**
     * What every route offers: the {@code api_key} and {@code image_token} query parameters and the
     * {@code Authorization} header.
     *
     * @param query         the first value of a query parameter, or null
     * @param authorization the first {@code Authorization} header, or null
     */
    public static RequestCredentials of(Function<String, String> query, String authorization) {
        return new RequestCredentials(null, query.apply("api_key"), null, query.apply("image_token"), authorization);
    }

    /** These credentials and the {@code {jwt}} segment of {@code /byapikey/...}. */
    public RequestCredentials withPathApiKey(String jwt) {
        return new RequestCredentials(jwt, queryApiKey, pathToken, queryImageToken, authorization);
    }

    /** These credentials and the {@code {jwt}} segment of {@code /bytoken/...}. */
    public RequestCredentials withPathToken(String jwt) {
        return new RequestCredentials(pathApiKey, queryApiKey, jwt, queryImageToken, authorization);
    }

    /** The first present place in upstream's precedence, the order of the table cited above, as a credential. */
    public Optional<Credential> forwarded() {
        if (present(pathApiKey)) {
            return Optional.of(Credential.apiKey(pathApiKey));
        }
        if (present(queryApiKey)) {
            return Optional.of(Credential.apiKey(queryApiKey));
        }
        if (present(pathToken)) {
            return Optional.of(Credential.imageToken(pathToken));
        }
        if (present(queryImageToken)) {
            return Optional.of(Credential.imageToken(queryImageToken));
        }
        if (present(authorization)) {
            return Optional.of(Credential.authorization(authorization));
        }
        return Optional.empty();
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}

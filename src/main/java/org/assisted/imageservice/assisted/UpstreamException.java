package org.assisted.imageservice.assisted;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An assisted-service call failed. Messages name the call and the URL with {@code api_key} masked; they never
 * contain a credential.
 */
public abstract sealed class UpstreamException extends RuntimeException
        permits UpstreamStatusException, UpstreamTimeoutException, UpstreamUnavailableException, UpstreamResponseException {

    private static final Pattern API_KEY_VALUE = Pattern.compile("(?i)(api_key=)[^&#\\s]*");

    private final UpstreamCall call;

    UpstreamException(UpstreamCall call, String message, Throwable cause) {
        super(redact(message), cause);
        this.call = Objects.requireNonNull(call, "call");
    }

    public UpstreamCall call() {
        return call;
    }

    static String redact(String text) {
        return text == null ? null : API_KEY_VALUE.matcher(text).replaceAll("$1REDACTED");
    }
}

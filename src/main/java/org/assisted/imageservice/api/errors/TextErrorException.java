package org.assisted.imageservice.api.errors;

/**
 * An error answered with upstream's "text error" shape (docs/upstream-behaviour.md#error-bodies): the status, the
 * message plus a newline, {@code text/plain; charset=utf-8} and {@code X-Content-Type-Options: nosniff}.
 * {@code rawBody} drops the newline for the few errors upstream writes raw (URL parse errors).
 */
public final class TextErrorException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean rawBody;

    public TextErrorException(int status, String message) {
        this(status, message, false, null);
    }

    /** An error answered because {@code cause} failed, e.g. an assisted-service call. */
    public TextErrorException(int status, String message, Throwable cause) {
        this(status, message, false, cause);
    }

    private TextErrorException(int status, String message, boolean rawBody, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.rawBody = rawBody;
    }

    /**
     * A parse error of a short URL, written without the trailing newline
     * (docs/upstream-behaviour.md#iso-request-parameters).
     */
    public static TextErrorException raw(int status, String message) {
        return new TextErrorException(status, message, true, null);
    }

    public int status() {
        return status;
    }

    public String body() {
        return rawBody ? getMessage() : getMessage() + "\n";
    }
}

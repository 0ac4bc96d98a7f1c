package org.assisted.imageservice.api;

import jakarta.ws.rs.core.Response;

/** Response shapes shared by the exception mappers (docs/upstream-behaviour.md#error-bodies). */
final class TextResponses {

    static final String PLAIN_UTF8 = "text/plain; charset=utf-8";
    static final String PAGE_NOT_FOUND = "404 page not found\n";

    private TextResponses() {
    }

    /** Upstream's text error: body, {@code text/plain; charset=utf-8}, {@code nosniff}. */
    static Response text(int status, String body) {
        return Response.status(status).type(PLAIN_UTF8).header("X-Content-Type-Options", "nosniff")
                .entity(body).build();
    }

    /** A status with an empty body. */
    static Response empty(int status) {
        return Response.status(status).build();
    }
}

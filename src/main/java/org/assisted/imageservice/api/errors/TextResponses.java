package org.assisted.imageservice.api.errors;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Response shapes shared by the exception mappers and the servlet filters that answer before Jersey
 * (docs/upstream-behaviour.md#error-bodies).
 */
public final class TextResponses {

    static final String PLAIN_UTF8 = "text/plain; charset=utf-8";
    static final String PAGE_NOT_FOUND = "404 page not found\n";

    private TextResponses() {
    }

    /** Upstream's text error: body, {@code text/plain; charset=utf-8}, {@code nosniff}. */
    static Response text(int status, String body) {
        return Response.status(status).type(PLAIN_UTF8).header("X-Content-Type-Options", "nosniff")
                .entity(body).build();
    }

    /** Upstream's {@code 404 page not found}, written by a servlet filter that answers instead of Jersey. */
    public static void sendPageNotFound(HttpServletResponse response) throws IOException {
        byte[] body = PAGE_NOT_FOUND.getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType(PLAIN_UTF8);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A status with an empty body. */
    static Response empty(int status) {
        return Response.status(status).build();
    }
}

package org.assisted.imageservice.api.errors;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * 503 with an empty body while the requested image is being downloaded or built (docs/upstream-behaviour.md#readiness).
 */
public final class NotReadyExceptionMapper implements ExceptionMapper<NotReadyException> {
    private static final int RETRY_AFTER_SECONDS = 30;

    @Override
    public Response toResponse(NotReadyException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }
}

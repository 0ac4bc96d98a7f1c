package org.assisted.imageservice.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * An unknown version/arch on the ISO routes is upstream's router 404 (docs/upstream-behaviour.md#iso-processing-steps,
 * step 1).
 */
public final class UnknownImageExceptionMapper implements ExceptionMapper<UnknownImageException> {
    @Override
    public Response toResponse(UnknownImageException e) {
        return TextResponses.text(404, TextResponses.PAGE_NOT_FOUND);
    }
}

package org.assisted.imageservice.api.errors;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.store.Readiness;

/**
 * Jersey's own errors (no route, method not allowed, ...). A path that matches no route is
 * upstream's {@code 404 page not found}, or 503 under the image prefixes while the store is not
 * ready (docs/upstream-behaviour.md#readiness: readiness is checked before route matching).
 */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private final Readiness readiness;
    @Context
    private UriInfo uriInfo;

    public WebApplicationExceptionMapper(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public Response toResponse(WebApplicationException e) {
        if (e instanceof NotFoundException) {
            if (!readiness.isReady() && Routes.isImagePrefix("/" + uriInfo.getPath())) {
                return TextResponses.empty(503);
            }
            return TextResponses.text(404, TextResponses.PAGE_NOT_FOUND);
        }
        return e.getResponse();
    }
}

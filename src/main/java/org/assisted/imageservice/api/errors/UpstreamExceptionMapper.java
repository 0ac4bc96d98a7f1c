package org.assisted.imageservice.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.api.filters.RequestIdFilter;
import org.assisted.imageservice.assisted.UpstreamException;
import org.assisted.imageservice.assisted.UpstreamResponseException;
import org.assisted.imageservice.assisted.UpstreamStatusException;
import org.assisted.imageservice.assisted.UpstreamTimeoutException;
import org.assisted.imageservice.assisted.UpstreamUnavailableException;

/**
 * assisted-service failures on the ISO routes, with an empty body (docs/upstream-behaviour.md#iso-processing-steps):
 * its status passed through, 504 for a timeout, 502 when it cannot be reached, 500 for an unusable answer. The messages
 * are already redacted by the client.
 */
public final class UpstreamExceptionMapper implements ExceptionMapper<UpstreamException> {
    private static final Logger LOG = Logger.getLogger(UpstreamExceptionMapper.class.getName());

    @Override
    public Response toResponse(UpstreamException e) {
        int status = status(e);
        log(e, status);
        return TextResponses.empty(status);
    }

    /** One warning naming the request, the failed call and the status answered, for every route. */
    static void log(UpstreamException e, int status) {
        LOG.log(Level.WARNING, () -> "request " + RequestIdFilter.current() + ": assisted-service " + e.call().label()
                + " failed, answering " + status + ": " + e.getMessage());
    }

    public static int status(UpstreamException e) {
        if (e instanceof UpstreamStatusException s) {
            return s.status();
        }
        if (e instanceof UpstreamTimeoutException) {
            return 504;
        }
        if (e instanceof UpstreamUnavailableException) {
            return 502;
        }
        if (e instanceof UpstreamResponseException) {
            return 500;
        }
        throw new IllegalStateException("unexpected " + e.getClass());
    }
}

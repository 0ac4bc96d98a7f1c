package org.assisted.imageservice.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.api.filters.RequestIdFilter;
import org.assisted.imageservice.assisted.UpstreamException;

/**
 * Answers a {@link TextErrorException} with its status and text body. A failed assisted-service call behind it is
 * logged as a warning, as on the ISO routes; other refusals (bad parameters) only at debug level.
 */
public final class TextErrorExceptionMapper implements ExceptionMapper<TextErrorException> {
    private static final Logger LOG = Logger.getLogger(TextErrorExceptionMapper.class.getName());

    @Override
    public Response toResponse(TextErrorException e) {
        if (e.getCause() instanceof UpstreamException upstream) {
            UpstreamExceptionMapper.log(upstream, e.status());
        } else {
            LOG.log(Level.FINE, () -> "request " + RequestIdFilter.current() + " refused with " + e.status() + ": "
                    + e.getMessage());
        }
        return TextResponses.text(e.status(), e.body());
    }
}

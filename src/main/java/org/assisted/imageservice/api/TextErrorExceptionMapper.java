package org.assisted.imageservice.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Answers a {@link TextErrorException} with its status and text body. */
public final class TextErrorExceptionMapper implements ExceptionMapper<TextErrorException> {
    private static final Logger LOG = Logger.getLogger(TextErrorExceptionMapper.class.getName());

    @Override
    public Response toResponse(TextErrorException e) {
        LOG.log(Level.FINE, () -> "request " + RequestIdFilter.current() + " refused with " + e.status() + ": " + e.getMessage());
        return TextResponses.text(e.status(), e.body());
    }
}

package org.assisted.imageservice.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.api.filters.RequestIdFilter;
import org.assisted.imageservice.coreos.EmbedAreaTooSmallException;

/**
 * Ignition, ramdisk or kernel arguments larger than their embed area: a clear 400 naming the
 * sizes, where upstream answers an empty 500.
 */
public final class EmbedAreaTooSmallExceptionMapper implements ExceptionMapper<EmbedAreaTooSmallException> {
    private static final Logger LOG = Logger.getLogger(EmbedAreaTooSmallExceptionMapper.class.getName());

    @Override
    public Response toResponse(EmbedAreaTooSmallException e) {
        LOG.log(Level.WARNING, () -> "request " + RequestIdFilter.current() + ": " + e.getMessage());
        return TextResponses.text(400, e.getMessage() + "\n");
    }
}

package org.assisted.imageservice.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.api.filters.RequestIdFilter;
import org.assisted.imageservice.coreos.KargsNotSupportedException;

/** Kernel arguments requested for a base image without a kernel-argument embed area: 400. */
public final class KargsNotSupportedExceptionMapper implements ExceptionMapper<KargsNotSupportedException> {
    private static final Logger LOG = Logger.getLogger(KargsNotSupportedExceptionMapper.class.getName());

    @Override
    public Response toResponse(KargsNotSupportedException e) {
        LOG.log(Level.WARNING, () -> "request " + RequestIdFilter.current() + ": " + e.getMessage());
        return TextResponses.text(400, "kernel arguments cannot be embedded in this image: " + e.reason() + "\n");
    }
}

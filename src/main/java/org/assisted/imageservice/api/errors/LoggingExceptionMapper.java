package org.assisted.imageservice.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.api.filters.RequestIdFilter;

/**
 * Everything not mapped elsewhere: logged once with the request id, answered 500 with that id so an
 * operator can find the log line (and the access-log line). Messages of our exceptions never carry credentials.
 */
public final class LoggingExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(LoggingExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        String id = RequestIdFilter.current();
        LOG.log(Level.SEVERE, "request " + id + " failed", e);
        return TextResponses.text(500, "internal error, id " + id + "\n");
    }
}

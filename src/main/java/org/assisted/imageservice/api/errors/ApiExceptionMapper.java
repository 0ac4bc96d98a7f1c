package org.assisted.imageservice.api.errors;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.api.filters.RequestIdFilter;

/**
 * Answers every {@link ApiError} with upstream's status and body (docs/upstream-behaviour.md#error-bodies), one method
 * per record, and logs it where it is handled: a failed assisted-service call, or an image that cannot carry what the
 * request asks for, as one warning naming the request id; a refused request only at debug level; an unknown or
 * not-ready image not at all.
 */
public final class ApiExceptionMapper implements ExceptionMapper<ApiException>, ApiError.Cases<Response> {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class.getName());
    private static final int RETRY_AFTER_SECONDS = 30;

    @Override
    public Response toResponse(ApiException e) {
        return e.error().match(this);
    }

    @Override
    public Response text(ApiError.TextError error) {
        return refused(error.status(), error.message(), error.message() + "\n");
    }

    @Override
    public Response rawText(ApiError.RawTextError error) {
        return refused(error.status(), error.message(), error.message());
    }

    @Override
    public Response unknownImage(ApiError.UnknownImage error) {
        return TextResponses.text(404, TextResponses.PAGE_NOT_FOUND);
    }

    @Override
    public Response notReady(ApiError.NotReady error) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    /** One warning naming the request, the failed call and the status answered, on every route. */
    @Override
    public Response assistedServiceFailure(ApiError.AssistedServiceFailure error) {
        int status = error.status();
        LOG.log(Level.WARNING, () -> "request " + RequestIdFilter.current() + ": assisted-service "
                + error.failure().call().label() + " failed, answering " + status + ": " + error.failure().getMessage());
        return error.message().map(message -> TextResponses.text(status, message + "\n"))
                .orElseGet(() -> TextResponses.empty(status));
    }

    @Override
    public Response embedAreaTooSmall(ApiError.EmbedAreaTooSmall error) {
        warn(error.failure().getMessage());
        return TextResponses.text(400, error.failure().getMessage() + "\n");
    }

    @Override
    public Response kargsNotSupported(ApiError.KargsNotSupported error) {
        warn(error.failure().getMessage());
        return TextResponses.text(400, "kernel arguments cannot be embedded in this image: " + error.failure().reason()
                + "\n");
    }

    private static Response refused(int status, String message, String body) {
        LOG.log(Level.FINE, () -> "request " + RequestIdFilter.current() + " refused with " + status + ": " + message);
        return TextResponses.text(status, body);
    }

    private static void warn(String message) {
        LOG.log(Level.WARNING, () -> "request " + RequestIdFilter.current() + ": " + message);
    }
}

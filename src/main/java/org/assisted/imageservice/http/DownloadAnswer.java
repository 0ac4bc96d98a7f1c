package org.assisted.imageservice.http;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A download's response as decided by {@link DownloadResponses#decide}: status, headers in the order they are
 * sent, and the body, if any. Jersey sends it as a {@link Response} ({@link #toResponse()}); the reused-download
 * filter writes the same fields to the servlet response, so both paths answer with the same status, headers and
 * bytes.
 *
 * @param status  the HTTP status
 * @param headers header lines in order
 * @param body    the download body; empty for HEAD, 304, 412 and 416
 * @param text    the plain-text body of a 416 to a GET, else empty
 */
public record DownloadAnswer(int status, List<Header> headers, Optional<OverlayStreamingOutput> body,
                             Optional<String> text) {

    /** One header line. */
    public record Header(String name, String value) {
    }

    public DownloadAnswer {
        headers = List.copyOf(headers);
    }

    /** Collects the header lines of an answer. */
    static final class Builder {
        private final int status;
        private final List<Header> headers = new ArrayList<>(6);

        Builder(int status) {
            this.status = status;
        }

        Builder header(String name, String value) {
            headers.add(new Header(name, value));
            return this;
        }

        DownloadAnswer build(OverlayStreamingOutput body, String text) {
            return new DownloadAnswer(status, headers, Optional.ofNullable(body), Optional.ofNullable(text));
        }
    }

    /** The same answer as a JAX-RS response. */
    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status);
        for (Header header : headers) {
            response.header(header.name(), header.value());
        }
        if (body.isPresent()) {
            response.entity(body.get());
        } else if (text.isPresent()) {
            response.entity(text.get());
        }
        return response.build();
    }
}

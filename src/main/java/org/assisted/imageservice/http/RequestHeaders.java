package org.assisted.imageservice.http;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;

/**
 * The request headers a download response is decided from, read the same way whether the request came through
 * Jersey ({@link #of(HttpHeaders)}) or straight from the servlet container (the reused-download filter).
 */
public interface RequestHeaders {

    /** The first value of the header, or {@code null} when absent. */
    String first(String name);

    /** Every value of the header joined with {@code ","} (JAX-RS {@code getHeaderString}), or {@code null}. */
    String joined(String name);

    /** Jersey's view of the request headers. */
    static RequestHeaders of(HttpHeaders headers) {
        return new RequestHeaders() {
            @Override
            public String first(String name) {
                List<String> values = headers.getRequestHeader(name);
                return values == null || values.isEmpty() ? null : values.get(0);
            }

            @Override
            public String joined(String name) {
                return headers.getHeaderString(name);
            }
        };
    }
}

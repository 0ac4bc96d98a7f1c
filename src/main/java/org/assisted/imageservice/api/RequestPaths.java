package org.assisted.imageservice.api;

import jakarta.servlet.http.HttpServletRequest;

/** The request path below the context path, undecoded, as the route table sees it. */
final class RequestPaths {

    private RequestPaths() {
    }

    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}

package org.assisted.imageservice.api;

import jakarta.servlet.http.HttpServletRequest;

/** The request path below the context path, in the two forms the filters need. */
public final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * The path as Tomcat maps it: percent-decoded, path parameters removed, dot segments resolved. Jersey matches
     * its resources on a decoded path without matrix parameters, so the route table is applied to this form: on
     * the raw request URI, {@code /byapikey;x/…} or {@code /%62yapikey/…} would reach a short-URL resource while
     * the plain-HTTP rule, the concurrency limit and the metrics took them for unmatched paths.
     */
    public static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }

    /** The path exactly as the client sent it, undecoded, for the log (with its tokens masked). */
    public static String rawPath(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}

package org.assisted.imageservice.api.filters;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import org.assisted.imageservice.api.RequestPaths;
import org.assisted.imageservice.api.RouteMatch;
import org.assisted.imageservice.api.Routes;

/**
 * CORS for ALLOWED_DOMAINS on the image routes and boot artifacts (docs/upstream-behaviour.md#cors). Unlike Tomcat's
 * {@code CorsFilter}, a request from an origin that is not allowed is served without CORS headers instead of
 * being refused with 403, and {@code https://*.example.com} wildcards match, as with upstream's rs/cors.
 * Preflights are answered here with 204, before the concurrency limit and the readiness checks.
 */
public final class CorsFilter extends HttpFilter {

    private static final String ORIGIN = "Origin";
    private static final String REQUEST_METHOD = "Access-Control-Request-Method";
    private static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    private static final String PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    private final CorsPolicy policy;

    /** @param allowedDomains ALLOWED_DOMAINS entries; must not be empty */
    public CorsFilter(List<String> allowedDomains) {
        if (allowedDomains.isEmpty()) {
            throw new IllegalArgumentException("CORS needs at least one allowed domain");
        }
        this.policy = CorsPolicy.of(allowedDomains);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (Routes.matched(request).area() == RouteMatch.Area.OTHER) {
            chain.doFilter(request, response);
            return;
        }
        String requestMethod = request.getHeader(REQUEST_METHOD);
        if ("OPTIONS".equals(request.getMethod()) && requestMethod != null && !requestMethod.isEmpty()) {
            preflight(request, response, requestMethod);
            return;
        }
        response.addHeader("Vary", ORIGIN);
        String origin = request.getHeader(ORIGIN);
        if (policy.allowsOrigin(origin) && CorsPolicy.allowsMethod(request.getMethod())) {
            response.setHeader("Access-Control-Allow-Origin", policy.allowOriginValue(origin));
        }
        chain.doFilter(request, response);
    }

    private void preflight(HttpServletRequest request, HttpServletResponse response, String requestMethod) {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.addHeader("Vary", PREFLIGHT_VARY);
        String origin = request.getHeader(ORIGIN);
        List<String> requestHeaders = Collections.list(request.getHeaders(REQUEST_HEADERS));
        if (!policy.allowsOrigin(origin) || !CorsPolicy.allowsMethod(requestMethod)
                || !CorsPolicy.allowsRequestHeaders(requestHeaders)) {
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", policy.allowOriginValue(origin));
        response.setHeader("Access-Control-Allow-Methods", requestMethod);
        if (!requestHeaders.isEmpty() && !requestHeaders.get(0).isEmpty()) {
            requestHeaders.forEach(value -> response.addHeader("Access-Control-Allow-Headers", value));
        }
        response.setHeader("Access-Control-Max-Age", Integer.toString(CorsPolicy.MAX_AGE_SECONDS));
    }
}

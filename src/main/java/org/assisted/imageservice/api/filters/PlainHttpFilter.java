package org.assisted.imageservice.api.filters;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.assisted.imageservice.api.RequestPaths;
import org.assisted.imageservice.api.RouteMatch;
import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.api.errors.TextResponses;

/**
 * Installed only when Tomcat has both an HTTPS and a plain HTTP connector (docs/upstream-behaviour.md#listeners): a
 * request that did not arrive over TLS under an image-route prefix gets upstream's {@code 404 page not found} unless
 * its path ends in {@code /pxe-initrd}, which PXE firmware fetches without TLS. Boot artifacts and the probes are not
 * affected. Runs first, before CORS and the concurrency limit.
 */
public final class PlainHttpFilter extends HttpFilter {

    private static final String PXE_INITRD_SUFFIX = "/" + Routes.PXE_INITRD;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        RouteMatch match = Routes.matched(request);
        if (request.isSecure() || match.area() != RouteMatch.Area.IMAGES || match.path().endsWith(PXE_INITRD_SUFFIX)) {
            chain.doFilter(request, response);
            return;
        }
        TextResponses.sendPageNotFound(response);
    }
}

package org.assisted.imageservice.api.filters;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Set;

import org.assisted.imageservice.api.RequestPaths;
import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.api.errors.TextResponses;

/**
 * Installed when PROBE_LISTEN_PORT gives the probes a connector of their own: on that port only {@code GET} and
 * {@code HEAD} of {@code /live}, {@code /health} and {@code /metrics} pass; everything else gets upstream's
 * {@code 404 page not found}, so that the plain port never serves an image or a boot artifact, whatever TLS the
 * other connectors use. Requests on the other ports are not affected (the probes keep answering there, as upstream).
 * Runs before CORS and the concurrency limit; the probes and {@code /metrics} take no slot and no metrics label.
 */
public final class ProbePortFilter extends HttpFilter {

    private static final Set<String> PATHS = Set.of(Routes.LIVE, Routes.HEALTH, Routes.METRICS);
    private static final Set<String> METHODS = Set.of("GET", "HEAD");

    private final int probePort;

    public ProbePortFilter(int probePort) {
        this.probePort = probePort;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getLocalPort() != probePort
                || PATHS.contains(Routes.matched(request).path()) && METHODS.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        TextResponses.sendPageNotFound(response);
    }
}

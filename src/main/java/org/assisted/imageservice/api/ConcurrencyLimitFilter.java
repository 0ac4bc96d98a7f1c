package org.assisted.imageservice.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * MAX_CONCURRENT_REQUESTS (http-api.md §10): one fair semaphore shared by every request under the
 * image-route prefixes, held until the response is fully written. A waiting request that is
 * interrupted answers 503 and releases nothing it did not take.
 */
public final class ConcurrencyLimitFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(ConcurrencyLimitFilter.class.getName());

    private final Semaphore slots;

    public ConcurrencyLimitFilter(int maxConcurrentRequests) {
        this.slots = new Semaphore(maxConcurrentRequests, true);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!Routes.isImagePrefix(RequestPaths.path(request))) {
            chain.doFilter(request, response);
            return;
        }
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "Failed to acquire a request slot");
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            slots.release();
        }
    }
}

package org.assisted.imageservice.api.filters;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Predicate;

import org.assisted.imageservice.api.RequestPaths;
import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.metrics.HttpMetrics;

/**
 * Measures the requests of known routes (docs/upstream-behaviour.md#http-metrics): duration, body bytes actually
 * written (partial when the client goes away, also counted live while streaming) and requests in flight. Unmatched
 * paths, the probes and {@code /metrics} are not measured, as upstream. One instance measures the image routes
 * ({@link #forImageRoutes}), another the boot artifacts ({@link #forBootArtifacts}); where each sits is
 * docs/upstream-behaviour.md#filter-order. The
 * measured time is published as the {@link #HANDLER_MILLIS_ATTRIBUTE} request attribute for the access log.
 */
public final class MetricsFilter extends HttpFilter {

    public static final String HANDLER_MILLIS_ATTRIBUTE = "org.assisted.imageservice.handlerMillis";
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final HttpMetrics metrics;
    private final Predicate<Routes.Route> measured;

    private MetricsFilter(HttpMetrics metrics, Predicate<Routes.Route> measured) {
        this.metrics = metrics;
        this.measured = measured;
    }

    /** The filter that measures the image routes only (ISO downloads, PXE initrds). */
    public static MetricsFilter forImageRoutes(HttpMetrics metrics) {
        return new MetricsFilter(metrics, Routes.Route::imageRoute);
    }

    /** The filter that measures the boot-artifact routes only. */
    public static MetricsFilter forBootArtifacts(HttpMetrics metrics) {
        return new MetricsFilter(metrics, route -> !route.imageRoute());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<Routes.Route> route = Routes.matched(request).route().filter(measured);
        if (route.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String handler = route.get().handler();
        CountingResponse counting = new CountingResponse(response, metrics.bytesServed(handler));
        long start = System.nanoTime();
        metrics.started(handler);
        try {
            chain.doFilter(request, counting);
        } finally {
            long nanos = System.nanoTime() - start;
            request.setAttribute(HANDLER_MILLIS_ATTRIBUTE, nanos / NANOS_PER_MILLI);
            metrics.finished(handler, request.getMethod(), response.getStatus(), nanos, counting.bytes());
        }
    }

    /** Counts the body bytes written through the servlet output stream. */
    private static final class CountingResponse extends HttpServletResponseWrapper {
        private final Counter served;
        private CountingStream stream;

        CountingResponse(HttpServletResponse response, Counter served) {
            super(response);
            this.served = served;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getOutputStream(), served);
            }
            return stream;
        }

        long bytes() {
            return stream == null ? 0 : stream.count;
        }
    }

    private static final class CountingStream extends ServletOutputStream {
        private final ServletOutputStream delegate;
        private final Counter served;
        private long count;

        CountingStream(ServletOutputStream delegate, Counter served) {
            this.delegate = delegate;
            this.served = served;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
            count++;
            served.increment();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
            count += len;
            served.increment(len);
        }

        /** Passes the buffer on as is: the default implementation would copy it into a new array. */
        @Override
        public void write(ByteBuffer buffer) throws IOException {
            int length = buffer.remaining();
            delegate.write(buffer);
            count += length;
            served.increment(length);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}

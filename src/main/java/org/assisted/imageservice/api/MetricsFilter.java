package org.assisted.imageservice.api;

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

/**
 * Measures every request on a known route (http-api.md §11): duration, body bytes actually
 * written (partial when the client goes away) and requests in flight. Unmatched paths, the
 * probes and {@code /metrics} are not measured, as upstream.
 */
public final class MetricsFilter extends HttpFilter {

    private final HttpMetrics metrics;

    public MetricsFilter(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<Routes.Route> route = Routes.match(RequestPaths.path(request));
        if (route.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String handler = route.get().handler();
        CountingResponse counting = new CountingResponse(response);
        long start = System.nanoTime();
        metrics.started(handler);
        try {
            chain.doFilter(request, counting);
        } finally {
            metrics.finished(handler, request.getMethod(), response.getStatus(), System.nanoTime() - start,
                    counting.bytes());
        }
    }

    /** Counts the body bytes written through the servlet output stream. */
    private static final class CountingResponse extends HttpServletResponseWrapper {
        private CountingStream stream;

        CountingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getOutputStream());
            }
            return stream;
        }

        long bytes() {
            return stream == null ? 0 : stream.count;
        }
    }

    private static final class CountingStream extends ServletOutputStream {
        private final ServletOutputStream delegate;
        private long count;

        CountingStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
            count += len;
        }

        /** Passes the buffer on as is: the default implementation would copy it into a new array. */
        @Override
        public void write(ByteBuffer buffer) throws IOException {
            int length = buffer.remaining();
            delegate.write(buffer);
            count += length;
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

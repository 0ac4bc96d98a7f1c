package org.assisted.imageservice.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * MAX_CONCURRENT_REQUESTS (http-api.md §10): every request under the image-route prefixes holds a slot until its
 * response is fully written, matched route or not. A request that finds no free slot does not block a Tomcat
 * thread: it goes asynchronous, waits in a FIFO queue without a time limit, and is dispatched again (dispatcher
 * type ASYNC) when a slot is handed to it. The probes, {@code /metrics} and boot artifacts therefore keep their
 * threads however many downloads queue. A waiter that the container ends before its turn (async error, shutdown)
 * is removed from the queue, counted, answered 503 if still possible, and never releases a slot it did not get.
 * Tomcat does not watch the socket of an idle asynchronous request, so a client that silently disconnects while
 * waiting is noticed only when its turn comes: its first writes fail, {@link ClientAbortInterceptor} counts the
 * abort, and the slot is released like any other.
 */
public final class ConcurrencyLimitFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(ConcurrencyLimitFilter.class.getName());
    private static final String WAITER_ATTRIBUTE = ConcurrencyLimitFilter.class.getName() + ".waiter";

    private final RequestSlots slots;
    private final Counter abandoned;

    public ConcurrencyLimitFilter(int maxConcurrentRequests, MeterRegistry registry) {
        this.slots = new RequestSlots(maxConcurrentRequests);
        Gauge.builder("assisted_image_service_requests_waiting", slots, RequestSlots::waiting)
                .description("Image requests waiting for a MAX_CONCURRENT_REQUESTS slot.")
                .register(registry);
        Gauge.builder("assisted_image_service_request_slots_in_use", slots, RequestSlots::inUse)
                .description("MAX_CONCURRENT_REQUESTS slots held by image requests.")
                .register(registry);
        this.abandoned = Counter.builder("assisted_image_service_requests_abandoned_waiting")
                .description("Image requests that ended while waiting for a slot (client gone, shutdown).")
                .register(registry);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!Routes.isImagePrefix(RequestPaths.path(request))) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getDispatcherType() == DispatcherType.ASYNC
                && request.getAttribute(WAITER_ATTRIBUTE) instanceof AsyncWaiter waiter) {
            if (waiter.start()) {
                runHoldingSlot(request, response, chain, waiter);
            }
            return;
        }
        if (slots.tryAcquire()) {
            runHoldingSlot(request, response, chain, null);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        AsyncWaiter waiter = new AsyncWaiter(async, RequestIdFilter.current());
        request.setAttribute(WAITER_ATTRIBUTE, waiter);
        async.addListener(waiter);
        LOG.log(Level.FINE, () -> "request " + waiter.requestId + " waits for a slot");
        slots.enqueue(waiter);
    }

    private void runHoldingSlot(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                                AsyncWaiter waiter) throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (waiter == null || waiter.finish()) {
                slots.release();
            }
        }
    }

    private enum State { WAITING, GRANTED, RUNNING, DONE }

    /** A queued request; its state decides who returns the slot, so that exactly one party does. */
    private final class AsyncWaiter implements RequestSlots.Waiter, AsyncListener {
        private final AsyncContext async;
        private final String requestId;
        private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

        AsyncWaiter(AsyncContext async, String requestId) {
            this.async = async;
            this.requestId = requestId;
        }

        @Override
        public boolean grant() {
            if (!state.compareAndSet(State.WAITING, State.GRANTED)) {
                return false;
            }
            try {
                async.dispatch();
                return true;
            } catch (IllegalStateException e) {
                state.set(State.DONE);
                return false;
            }
        }

        /** On the ASYNC dispatch: whether this request may run with the slot it was granted. */
        boolean start() {
            return state.compareAndSet(State.GRANTED, State.RUNNING);
        }

        /** @return whether the caller must release the slot */
        boolean finish() {
            return state.compareAndSet(State.RUNNING, State.DONE);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            leave("completed");
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            leave("timed out");
        }

        @Override
        public void onError(AsyncEvent event) {
            leave("failed (" + event.getThrowable() + ")");
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // the listener is registered after startAsync; nothing to do on a restart
        }

        private void leave(String how) {
            if (state.compareAndSet(State.WAITING, State.DONE)) {
                slots.remove(this);
                abandoned.increment();
                LOG.log(Level.WARNING, () -> "Failed to acquire a request slot: request " + requestId + " " + how
                        + " while waiting");
                answerUnavailable();
            } else if (state.compareAndSet(State.GRANTED, State.DONE)) {
                slots.release();
            }
        }

        private void answerUnavailable() {
            try {
                if (!async.getResponse().isCommitted()) {
                    ((HttpServletResponse) async.getResponse()).setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                }
                async.complete();
            } catch (IllegalStateException e) {
                LOG.log(Level.FINE, "request already completed", e);
            }
        }
    }
}

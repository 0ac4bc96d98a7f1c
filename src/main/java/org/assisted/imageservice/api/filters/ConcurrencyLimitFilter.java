package org.assisted.imageservice.api.filters;

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
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.api.RequestPaths;
import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.api.downloads.ClientAbortInterceptor;

/**
 * Request slots for the downloads (docs/upstream-behaviour.md#concurrency-limit, extended). Every request under the
 * image-route prefixes holds one of MAX_CONCURRENT_REQUESTS slots until its response is fully written, matched route or
 * not; every request under {@code /boot-artifacts/} one of MAX_CONCURRENT_BOOT_ARTIFACT_REQUESTS slots (upstream limits
 * no boot artifact: a boot storm of rootfs downloads was unbounded). The two groups never wait for each other. A
 * request that finds no free slot does not block a Tomcat thread: it goes asynchronous, waits in its group's FIFO
 * queue, and is dispatched again (dispatcher type ASYNC) when a slot is handed to it. At most MAX_WAITING_REQUESTS wait
 * per group; a request that finds the queue full, or that waits longer than REQUEST_WAIT_TIMEOUT_SECONDS, is answered
 * 503 with {@code Retry-After} and counted. The probes and {@code /metrics} take no slot, so no number of downloads can
 * starve them. A waiter that the container ends before its turn (async error, shutdown) is removed from the queue,
 * counted, answered 503 if still possible, and never releases a slot it did not get. Tomcat does not watch the socket
 * of an idle asynchronous request, so a client that silently disconnects while waiting is noticed at its turn or at the
 * wait timeout: its first writes fail, {@link ClientAbortInterceptor} counts the abort, and the slot is released like
 * any other.
 */
public final class ConcurrencyLimitFilter extends HttpFilter {

    /** Seconds a refused client is asked to wait before it tries again. */
    static final int RETRY_AFTER_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(ConcurrencyLimitFilter.class.getName());
    private static final String WAITER_ATTRIBUTE = ConcurrencyLimitFilter.class.getName() + ".waiter";

    /**
     * @param imageRequests        MAX_CONCURRENT_REQUESTS
     * @param bootArtifactRequests MAX_CONCURRENT_BOOT_ARTIFACT_REQUESTS
     * @param maxWaiting           MAX_WAITING_REQUESTS, per group
     * @param waitTimeout          REQUEST_WAIT_TIMEOUT_SECONDS
     */
    public record Limits(int imageRequests, int bootArtifactRequests, int maxWaiting, Duration waitTimeout) {
    }

    private final Group images;
    private final Group bootArtifacts;
    private final long waitTimeoutMillis;

    public ConcurrencyLimitFilter(Limits limits, MeterRegistry registry) {
        this.images = new Group(new RequestSlots(limits.imageRequests(), limits.maxWaiting()), "", "Image requests",
                registry);
        this.bootArtifacts = new Group(new RequestSlots(limits.bootArtifactRequests(), limits.maxWaiting()),
                "boot_artifact_", "Boot-artifact requests", registry);
        this.waitTimeoutMillis = limits.waitTimeout().toMillis();
    }

    /**
     * One limited group of routes: its slots and meters, named {@code assisted_image_service_<prefix>requests_waiting}
     * and so on (the image routes keep the names they had before the boot artifacts were limited).
     */
    private static final class Group {
        final RequestSlots slots;
        final Counter abandoned;
        final Counter queueFull;
        final Counter waitedTooLong;

        Group(RequestSlots slots, String prefix, String what, MeterRegistry registry) {
            this.slots = slots;
            String name = "assisted_image_service_" + prefix;
            Gauge.builder(name + "requests_waiting", slots, RequestSlots::waiting)
                    .description(what + " waiting for a slot.").register(registry);
            Gauge.builder(name + "request_slots_in_use", slots, RequestSlots::inUse)
                    .description("Slots held by " + what.toLowerCase(Locale.ROOT) + ".").register(registry);
            this.abandoned = Counter.builder(name + "requests_abandoned_waiting")
                    .description(what + " that ended while waiting for a slot (client gone, shutdown).")
                    .register(registry);
            this.queueFull = rejected(registry, name, "queue_full", what);
            this.waitedTooLong = rejected(registry, name, "wait_timeout", what);
        }

        private static Counter rejected(MeterRegistry registry, String name, String reason, String what) {
            return Counter.builder(name + "requests_rejected")
                    .description(what + " answered 503 without a slot: the wait queue was full, or the wait too long.")
                    .tag("reason", reason).register(registry);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Group group = switch (Routes.matched(request).area()) {
            case IMAGES -> images;
            case BOOT_ARTIFACTS -> bootArtifacts;
            case OTHER -> null;
        };
        if (group == null) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getDispatcherType() == DispatcherType.ASYNC
                && request.getAttribute(WAITER_ATTRIBUTE) instanceof AsyncWaiter waiter) {
            if (waiter.start()) {
                runHoldingSlot(request, response, chain, group, waiter);
            }
            return;
        }
        if (group.slots.tryAcquire()) {
            runHoldingSlot(request, response, chain, group, null);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(waitTimeoutMillis);
        AsyncWaiter waiter = new AsyncWaiter(async, group, RequestIdFilter.current());
        request.setAttribute(WAITER_ATTRIBUTE, waiter);
        async.addListener(waiter);
        LOG.log(Level.FINE, () -> "request " + waiter.requestId + " waits for a slot");
        if (!group.slots.enqueue(waiter)) {
            waiter.refuse();
        }
    }

    /** Runs the request with a slot of {@code group}, taken directly ({@code waiter} null) or handed to a waiter. */
    private static void runHoldingSlot(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                                       Group group, AsyncWaiter waiter) throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (waiter == null || waiter.finish()) {
                group.slots.release();
            }
        }
    }

    private enum State { WAITING, GRANTED, RUNNING, DONE }

    /** A queued request; its state decides who returns the slot, so that exactly one party does. */
    private static final class AsyncWaiter implements RequestSlots.Waiter, AsyncListener {
        private final AsyncContext async;
        private final Group group;
        private final String requestId;
        private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);

        AsyncWaiter(AsyncContext async, Group group, String requestId) {
            this.async = async;
            this.group = group;
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
            if (state.compareAndSet(State.WAITING, State.DONE)) {
                group.slots.remove(this);
                group.waitedTooLong.increment();
                LOG.log(Level.WARNING, () -> "Failed to acquire a request slot: request " + requestId
                        + " waited longer than REQUEST_WAIT_TIMEOUT_SECONDS; answered 503");
                answerUnavailable();
            } else {
                leave("timed out");
            }
        }

        /** The queue was full: answered at once, nothing queued. */
        void refuse() {
            state.set(State.DONE);
            group.queueFull.increment();
            LOG.log(Level.WARNING, () -> "Failed to acquire a request slot: request " + requestId
                    + " found MAX_WAITING_REQUESTS requests waiting; answered 503");
            answerUnavailable();
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
                group.slots.remove(this);
                group.abandoned.increment();
                LOG.log(Level.WARNING, () -> "Failed to acquire a request slot: request " + requestId + " " + how
                        + " while waiting");
                answerUnavailable();
            } else if (state.compareAndSet(State.GRANTED, State.DONE)) {
                group.slots.release();
            }
        }

        private void answerUnavailable() {
            try {
                HttpServletResponse response = (HttpServletResponse) async.getResponse();
                if (!response.isCommitted()) {
                    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                    response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
                    response.setContentType("text/plain; charset=utf-8");
                    response.getWriter().write("too many requests at once, try again in " + RETRY_AFTER_SECONDS
                            + " seconds\n");
                }
                async.complete();
            } catch (IllegalStateException | IOException e) {
                LOG.log(Level.FINE, "request already completed", e);
            }
        }
    }
}

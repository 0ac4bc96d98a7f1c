package org.assisted.imageservice.assisted;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.BasicFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http.nio.AsyncPushConsumer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.HandlerFactory;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.apache.hc.core5.util.TimeValue;
import org.assisted.imageservice.testsupport.FakeAssistedService;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call whose request was provably never sent ({@link RequestNotExecutedException}: its pooled connection closed
 * before the request was written) is sent again, at most eight attempts in all; nothing else is retried. The
 * failures are injected between the service's code and the real HTTP client, which then talks to the stand-in.
 */
class AssistedServiceClientRetryTest {

    private static final String ID = "image-1";
    private static final FetchRequest PXE = FetchRequest.forPxe(ID, Optional.empty());

    private record Report(UpstreamCall call, CallOutcome outcome) {
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();
    @AutoClose
    private final FakeAssistedService fake = FakeAssistedService.start();

    @BeforeEach
    void answerRamdiskWithNoContent() {
        fake.image(ID).ignition("{\"ignition\":{}}").ramdiskStatus(204);
    }

    private AssistedServiceClient client(FailingFirst failing) {
        return new AssistedServiceClient(AssistedServiceClientTest.config(fake.baseUri(), Duration.ofSeconds(10)),
                (call, outcome, nanos) -> reports.add(new Report(call, outcome)), real -> {
                    failing.delegate = real;
                    return failing;
                });
    }

    @Test
    void requestNeverSentIsSentAgainAndSucceeds() throws InterruptedException {
        FailingFirst failing = new FailingFirst(7, RequestNotExecutedException::new);
        try (AssistedServiceClient client = client(failing)) {
            DiscoveryInputs inputs = client.fetch(PXE);
            assertArrayEquals("{\"ignition\":{}}".getBytes(StandardCharsets.UTF_8), inputs.ignition().content());
        }
        assertEquals(7, failing.failed.get());
        assertEquals(1, fake.requests(Endpoint.IGNITION).size(), "the failed attempts never reached the server");
        assertEquals(1, fake.requests(Endpoint.MINIMAL_INITRD).size());
        assertEquals(List.of(CallOutcome.SUCCESS), outcomes(UpstreamCall.IGNITION), "one call, reported once");
    }

    @Test
    void eightAttemptsNeverSentFailTheFetch() {
        FailingFirst failing = new FailingFirst(20, RequestNotExecutedException::new);
        try (AssistedServiceClient client = client(failing)) {
            UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> client.fetch(PXE));
            assertTrue(e.getMessage().contains("RequestNotExecutedException"), e.getMessage());
            assertEquals(UpstreamCall.IGNITION, e.call());
        }
        assertEquals(16, failing.failed.get(), "each of the two calls (ignition, ramdisk) at most eight attempts");
        assertEquals(0, fake.requests(Endpoint.IGNITION).size());
    }

    /**
     * A GET whose connection the server closed before answering (a keep-alive connection it had just dropped) is
     * sent again: the calls are idempotent (RFC 9110 §9.2.2). Seen under 600 concurrent downloads.
     */
    @Test
    void connectionClosedBeforeAnAnswerIsSentAgain() throws Exception {
        FailingFirst failing = new FailingFirst(1,
                () -> new ConnectionClosedException("Connection closed by peer"));
        try (AssistedServiceClient client = client(failing)) {
            client.fetch(PXE);
        }
        assertEquals(1, failing.failed.get());
        assertEquals(1, fake.requests(Endpoint.IGNITION).size(), "the second attempt reached the server");
    }

    @Test
    void connectionsClosedEveryTimeFailTheFetchAfterEightAttempts() {
        FailingFirst failing = new FailingFirst(20,
                () -> new ConnectionClosedException("Connection closed by peer"));
        try (AssistedServiceClient client = client(failing)) {
            UpstreamUnavailableException e = assertThrows(UpstreamUnavailableException.class, () -> client.fetch(PXE));
            assertTrue(e.getMessage().contains("ConnectionClosedException"), e.getMessage());
        }
        assertEquals(16, failing.failed.get(), "each of the two calls (ignition, ramdisk) at most eight attempts");
        assertEquals(0, fake.requests(Endpoint.IGNITION).size());
    }

    private List<CallOutcome> outcomes(UpstreamCall call) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reports.stream().noneMatch(r -> r.call() == call) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        return reports.stream().filter(r -> r.call() == call).map(Report::outcome).toList();
    }

    /**
     * The real client, except that its first {@code failures} requests fail at once with the given exception, as
     * HttpCore reports a request it could not write, without reaching the server. A fetch starts its ignition call
     * first, so that is the one that fails (and its retries, which are sent from within the failing call).
     */
    private static final class FailingFirst extends CloseableHttpAsyncClient {
        private final int failures;
        private final Supplier<IOException> failure;
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private CloseableHttpAsyncClient delegate;

        FailingFirst(int failures, Supplier<IOException> failure) {
            this.failures = failures;
            this.failure = failure;
        }

        @Override
        protected <T> Future<T> doExecute(HttpHost target, AsyncRequestProducer producer,
                                          AsyncResponseConsumer<T> consumer,
                                          HandlerFactory<AsyncPushConsumer> pushHandlerFactory, HttpContext context,
                                          FutureCallback<T> callback) {
            if (calls.getAndIncrement() < failures) {
                failed.incrementAndGet();
                BasicFuture<T> future = new BasicFuture<>(callback);
                future.failed(failure.get());
                return future;
            }
            return delegate.execute(target, producer, consumer, pushHandlerFactory, context, callback);
        }

        @Override
        public void start() {
            delegate.start();
        }

        @Override
        public IOReactorStatus getStatus() {
            return delegate.getStatus();
        }

        @Override
        public void awaitShutdown(TimeValue waitTime) throws InterruptedException {
            delegate.awaitShutdown(waitTime);
        }

        @Override
        public void initiateShutdown() {
            delegate.initiateShutdown();
        }

        @Override
        public void register(String hostname, String uriPattern,
                             org.apache.hc.core5.function.Supplier<AsyncPushConsumer> supplier) {
            delegate.register(hostname, uriPattern, supplier);
        }

        @Override
        public void close(CloseMode closeMode) {
            delegate.close(closeMode);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}

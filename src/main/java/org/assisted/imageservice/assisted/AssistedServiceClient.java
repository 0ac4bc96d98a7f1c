package org.assisted.imageservice.assisted;

import java.io.Closeable;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.concurrent.ComplexFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.io.CloseMode;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.ServiceConfig.AssistedServiceConfig;

/**
 * Fetches the ignition config, minimal-initrd ramdisk and InfraEnv kernel arguments of an image
 * (docs/upstream-behaviour.md#assisted-service-calls). The calls of one {@link #fetch} run in parallel on one shared
 * I/O reactor thread; their outcomes are examined in upstream's order, so an ignition error wins over a ramdisk error,
 * which wins over an infra-env error. Each fetch is bounded by connect timeout + response timeout overall. A call whose
 * request provably never left (see {@link Call}) is sent again.
 */
public final class AssistedServiceClient implements Closeable {

    public static final long IGNITION_MAX_BYTES = 32L * 1024 * 1024;
    public static final long RAMDISK_MAX_BYTES = 64L * 1024 * 1024;
    public static final long INFRA_ENV_MAX_BYTES = 4L * 1024 * 1024;

    private static final String INFRA_ENVS_PATH = "/api/assisted-install/v2/infra-envs/";
    private static final String API_KEY_PARAM = "api_key";
    static final String IMAGE_TOKEN_HEADER = "Image-Token";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Attempts of one call while each one fails on a connection the server had closed. The pool hands out the connection
     * returned last, so connections that a server closed together come out one after another: with 400 concurrent
     * downloads against the stand-in, 14 of 39 calls failed again after one retry, 3 of 46 after three.
     */
    private static final int MAX_ATTEMPTS = 8;
    private static final Logger LOG = Logger.getLogger(AssistedServiceClient.class.getName());

    private final String baseUrl;
    private final Duration fetchBudget;
    private final OwnedThreads threads = new OwnedThreads(AssistedHttpClients.IO_THREAD_PREFIX);
    private final CloseableHttpAsyncClient client;
    private final AssistedCallListener listener;

    public AssistedServiceClient(AssistedServiceConfig config) {
        this(config, AssistedCallListener.NONE);
    }

    /** @param listener told about every call's duration and outcome */
    public AssistedServiceClient(AssistedServiceConfig config, AssistedCallListener listener) {
        this(config, listener, UnaryOperator.identity());
    }

    /** @param decorate wraps the HTTP client (tests put a failing layer in between) */
    AssistedServiceClient(AssistedServiceConfig config, AssistedCallListener listener,
                          UnaryOperator<CloseableHttpAsyncClient> decorate) {
        this.listener = listener;
        String base = config.baseUri().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.fetchBudget = config.connectTimeout().plus(config.responseTimeout());
        this.client = decorate.apply(AssistedHttpClients.create(config, threads));
        this.client.start();
    }

    /**
     * @throws UpstreamStatusException      a call answered a non-success status (ignition: not 200; minimal-initrd:
     *                                      not 2xx; infra-env: not 200)
     * @throws UpstreamTimeoutException     a call exceeded a timeout or the fetch budget
     * @throws UpstreamUnavailableException connection refused or reset, TLS failure
     * @throws UpstreamResponseException    oversize body, invalid InfraEnv JSON or kernel arguments
     */
    public DiscoveryInputs fetch(FetchRequest request) {
        long deadlineNanos = System.nanoTime() + fetchBudget.toNanos();
        String id = encodePathSegment(request.imageId());
        List<PendingCall> started = new ArrayList<>(3);
        try {
            Calls calls = new Calls(started, request.credential(), deadlineNanos);
            PendingCall ignition = start(calls, UpstreamCall.IGNITION, INFRA_ENVS_PATH + id + "/downloads/files",
                    ignitionQuery(request.isoType()), IGNITION_MAX_BYTES);
            PendingCall ramdisk = request.ramdisk()
                    ? start(calls, UpstreamCall.MINIMAL_INITRD, INFRA_ENVS_PATH + id + "/downloads/minimal-initrd",
                            Map.of(), RAMDISK_MAX_BYTES)
                    : null;
            PendingCall infraEnv = request.kernelArguments()
                    ? start(calls, UpstreamCall.INFRA_ENV, INFRA_ENVS_PATH + id, Map.of(), INFRA_ENV_MAX_BYTES)
                    : null;
            Ignition ignitionResult = ignition(ignition, ignition.await(deadlineNanos));
            Optional<byte[]> ramdiskResult = ramdisk == null ? Optional.empty() : ramdisk(ramdisk, ramdisk.await(deadlineNanos));
            Optional<byte[]> kargsResult = infraEnv == null ? Optional.empty()
                    : kernelArguments(infraEnv, infraEnv.await(deadlineNanos));
            return new DiscoveryInputs(ignitionResult, ramdiskResult, kargsResult);
        } finally {
            started.forEach(PendingCall::cancel);
        }
    }

    /** Shuts the I/O reactor and the connection pool down and waits for their threads to end. */
    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
        try {
            if (!threads.awaitTermination(CLOSE_TIMEOUT)) {
                LOG.warning("assisted-service client threads did not stop within " + CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the calls of one fetch share: the list to cancel on exit, the credential and the deadline. */
    private record Calls(List<PendingCall> started, Optional<Credential> credential, long deadlineNanos) {
    }

    private PendingCall start(Calls calls, UpstreamCall call, String path, Map<String, String> query,
                              long maxBodyBytes) {
        Optional<Credential> credential = calls.credential();
        Map<String, String> params = new TreeMap<>(query);
        credential.filter(c -> c.kind() == Credential.Kind.API_KEY).ifPresent(c -> params.put(API_KEY_PARAM, c.value()));
        String url = baseUrl + path + encodeQuery(params);
        SimpleRequestBuilder builder = SimpleRequestBuilder.get(URI.create(url));
        credential.ifPresent(c -> {
            switch (c.kind()) {
                case IMAGE_TOKEN -> builder.addHeader(IMAGE_TOKEN_HEADER, c.value());
                case AUTHORIZATION -> builder.addHeader(HttpHeaders.AUTHORIZATION, c.value());
                case API_KEY -> { }
            }
        });
        String redactedUrl = UpstreamException.redact(url);
        ComplexFuture<UpstreamResponse> result = new ComplexFuture<>(
                new CallTiming(call, calls.deadlineNanos(), listener));
        new Call(builder.build(), redactedUrl, maxBodyBytes, result).send(1);
        PendingCall pending = new PendingCall(call, redactedUrl, result);
        calls.started().add(pending);
        return pending;
    }

    /**
     * The attempts of one call. HttpCore fails an attempt with {@link RequestNotExecutedException} only when the
     * connection it was given closed before the request was written: a pooled connection that the server had just
     * closed (its idle limit or idle timeout) while the client still counted it as reusable. Such a request provably
     * never reached the server, so it is sent again (the closed connection is gone from the pool by then), up to
     * {@link #MAX_ATTEMPTS} attempts in all and within the fetch's deadline, which {@code await} enforces. A request
     * that was written but whose connection the server closed or reset before any response (the same race, lost a
     * moment later: seen with 600 concurrent downloads against the stand-in) is sent again the same way, as RFC 9110
     * §9.2.2 allows for an idempotent GET. Any other failure is the call's outcome at once. Cancelling
     * {@code result} cancels the attempt in flight.
     */
    private final class Call {
        private final SimpleHttpRequest request;
        private final String redactedUrl;
        private final long maxBodyBytes;
        private final ComplexFuture<UpstreamResponse> result;
        private int latestAttempt;

        Call(SimpleHttpRequest request, String redactedUrl, long maxBodyBytes, ComplexFuture<UpstreamResponse> result) {
            this.request = request;
            this.redactedUrl = redactedUrl;
            this.maxBodyBytes = maxBodyBytes;
            this.result = result;
        }

        void send(int attempt) {
            HttpClientContext context = HttpClientContext.create();
            Future<UpstreamResponse> sent = client.execute(SimpleRequestProducer.create(request),
                    new CappedBodyConsumer(maxBodyBytes), context, new FutureCallback<>() {
                        @Override
                        public void completed(UpstreamResponse response) {
                            result.completed(response);
                        }

                        @Override
                        public void failed(Exception e) {
                            retryOrFail(attempt, e);
                        }

                        @Override
                        public void cancelled() {
                            result.cancel();
                        }
                    });
            // a retry may have been sent from within execute: the latest attempt is the one to cancel
            synchronized (this) {
                if (attempt > latestAttempt) {
                    latestAttempt = attempt;
                    result.setDependency(sent);
                }
            }
        }

        private void retryOrFail(int attempt, Exception e) {
            boolean stale = e instanceof RequestNotExecutedException || e instanceof ConnectionClosedException
                    || e instanceof SocketException;
            if (attempt < MAX_ATTEMPTS && stale && !result.isDone()) {
                LOG.log(Level.FINE, () -> "request to " + redactedUrl + " failed on a closed connection (" + e.getMessage()
                        + "), sending it again: attempt " + (attempt + 1));
                send(attempt + 1);
            } else {
                result.failed(e);
            }
        }
    }

    private static Ignition ignition(PendingCall call, UpstreamResponse response) {
        if (response.status() != HttpStatus.SC_OK) {
            throw call.status(response.status());
        }
        Optional<Instant> lastModified = Optional.ofNullable(response.lastModified()).map(DateUtils::parseStandardDate);
        return new Ignition(response.body(), lastModified);
    }

    private static Optional<byte[]> ramdisk(PendingCall call, UpstreamResponse response) {
        if (response.status() < HttpStatus.SC_OK || response.status() >= HttpStatus.SC_MULTIPLE_CHOICES) {
            throw call.status(response.status());
        }
        return response.status() == HttpStatus.SC_NO_CONTENT ? Optional.empty() : Optional.of(response.body());
    }

    private static Optional<byte[]> kernelArguments(PendingCall call, UpstreamResponse response) {
        if (response.status() != HttpStatus.SC_OK) {
            throw call.status(response.status());
        }
        try {
            return InfraEnvKernelArguments.render(response.body());
        } catch (IllegalArgumentException e) {
            throw call.badResponse(e.getMessage());
        }
    }

    private static Map<String, String> ignitionQuery(Optional<ImageType> isoType) {
        Map<String, String> query = new TreeMap<>();
        query.put("file_name", "discovery.ign");
        isoType.ifPresent(type -> query.put("discovery_iso_type", type.wireName()));
        return query;
    }

    /** Keys sorted, as Go's url.Values.Encode. */
    private static String encodeQuery(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringJoiner query = new StringJoiner("&", "?", "");
        params.forEach((name, value) -> query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return query.toString();
    }

    /** RFC 3986 §3.3 segment: everything but unreserved characters is percent-encoded, '/' included. */
    static String encodePathSegment(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}

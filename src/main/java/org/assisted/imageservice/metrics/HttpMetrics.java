package org.assisted.imageservice.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three upstream HTTP metric families (docs/upstream-behaviour.md#http-metrics) with their names, labels and
 * buckets, so that dashboards built for the Go service keep working. Every label value comes from a
 * closed set, never from the client: {@code handler} is a route template, {@code method} one of
 * {@link #METHOD_LABELS} or {@code other}, {@code code} the status this service answered.
 */
public final class HttpMetrics {

    private static final String PREFIX = "assisted_image_service_http_";
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(50),
        Duration.ofSeconds(100), Duration.ofSeconds(300), Duration.ofSeconds(600)};
    private static final double[] SIZE_BUCKETS_BYTES = {100, 1e6, 5e8, 1e9, 1e10};
    /** Upstream's {@code service} label is always empty. */
    private static final String SERVICE = "";
    /** The methods the routes answer; any other token a client sends is counted as {@link #OTHER_METHOD}. */
    private static final Set<String> METHOD_LABELS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String OTHER_METHOD = "other";

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> inflight = new ConcurrentHashMap<>();
    private final Map<String, Counter> served = new ConcurrentHashMap<>();
    private final Map<FinishedKey, Finished> finished = new ConcurrentHashMap<>();

    private record FinishedKey(String handler, String method, int status) {
    }

    private record Finished(Timer duration, DistributionSummary size) {
    }

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a request as in flight on {@code handler} until {@link #finished} is called. */
    public void started(String handler) {
        inflightGauge(handler).incrementAndGet();
    }

    /** Records one finished request; {@code method} is the request's method token, whatever the client sent. */
    public void finished(String handler, String method, int status, long nanos, long bodyBytes) {
        inflightGauge(handler).decrementAndGet();
        Finished meters = finished.computeIfAbsent(new FinishedKey(handler, methodLabel(method), status),
                this::register);
        meters.duration().record(nanos, TimeUnit.NANOSECONDS);
        meters.size().record(bodyBytes);
    }

    private static String methodLabel(String method) {
        return METHOD_LABELS.contains(method) ? method : OTHER_METHOD;
    }

    /** The meters of one label set, built once: building tags and looking meters up cost more than recording. */
    private Finished register(FinishedKey key) {
        Tags tags = Tags.of("service", SERVICE, "handler", key.handler(), "method", key.method(), "code",
                Integer.toString(key.status()));
        Timer duration = Timer.builder(PREFIX + "request_duration")
                .description("The latency of the HTTP requests.")
                .tags(tags)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
        DistributionSummary size = DistributionSummary.builder(PREFIX + "response_size")
                .description("The size of the HTTP responses.")
                .baseUnit("bytes")
                .tags(tags)
                .serviceLevelObjectives(SIZE_BUCKETS_BYTES)
                .register(registry);
        return new Finished(duration, size);
    }

    /** Counts body bytes of {@code handler} as they are written, so that long downloads show progress. */
    public Counter bytesServed(String handler) {
        return served.computeIfAbsent(handler, h -> Counter.builder("assisted_image_service_served")
                .description("Response body bytes written, counted while streaming.")
                .baseUnit("bytes")
                .tags(Tags.of("handler", h))
                .register(registry));
    }

    private AtomicInteger inflightGauge(String handler) {
        return inflight.computeIfAbsent(handler, h -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder(PREFIX + "requests_inflight", count, AtomicInteger::get)
                    .description("The number of inflight requests being handled at the same time.")
                    .tags(Tags.of("service", SERVICE, "handler", h))
                    .register(registry);
            return count;
        });
    }
}

package org.assisted.imageservice.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.assisted.imageservice.assisted.AssistedCallListener;
import org.assisted.imageservice.assisted.CallOutcome;
import org.assisted.imageservice.assisted.UpstreamCall;

/** {@code assisted_image_service_assisted_service_call_duration_seconds{call, outcome}}: one timer per pair. */
public final class AssistedCallMetrics implements AssistedCallListener {

    private static final Duration[] BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;

    public AssistedCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void finished(UpstreamCall call, CallOutcome outcome, long nanos) {
        Timer.builder("assisted_image_service_assisted_service_call_duration")
                .description("Duration of assisted-service calls by call and outcome.")
                .tags("call", call.label(), "outcome", outcome.label())
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}

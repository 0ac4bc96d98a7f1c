/**
 * The Prometheus meters this service publishes (docs/upstream-behaviour.md#http-metrics and docs/operations.md):
 * upstream's HTTP families, assisted-service call timers, image-store gauges and the JVM and connector pools.
 * Meters are registered here; the filters and listeners that feed them live with the code they measure.
 * <p>May import: {@code assisted}, {@code http}, {@code store}. Micrometer.
 */
package org.assisted.imageservice.metrics;

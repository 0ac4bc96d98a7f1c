package org.assisted.imageservice.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The {@code method} label comes from a closed set, whatever token a client sends as its request method: the
 * registry and its scrape do not grow with the number of distinct methods.
 */
class HttpMetricsLabelsTest {

    private static final String HANDLER = "/images/:imageID";
    private static final int MADE_UP_METHODS = 10_000;

    @Test
    void madeUpMethodsShareOneLabel() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpMetrics metrics = new HttpMetrics(registry);
        for (String method : new String[] {"GET", "HEAD", "OPTIONS", "PROPFIND"}) {
            record(metrics, method, 405);
        }
        int meters = registry.getMeters().size();
        int scrapeLines = (int) registry.scrape().lines().count();

        for (int i = 0; i < MADE_UP_METHODS; i++) {
            record(metrics, "X-MADE-UP-" + i, 405);
        }

        assertEquals(meters, registry.getMeters().size());
        assertEquals(scrapeLines, registry.scrape().lines().count());
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "other"), methodLabels(registry));
    }

    @Test
    void methodsAreCaseSensitiveTokens() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpMetrics metrics = new HttpMetrics(registry);
        record(metrics, "get", 405);
        record(metrics, "Head", 405);
        assertEquals(Set.of("other"), methodLabels(registry));
        assertTrue(registry.scrape().contains("assisted_image_service_http_request_duration_seconds_count{code=\"405\","
                + "handler=\"/images/:imageID\",method=\"other\",service=\"\"} 2\n"), registry.scrape());
    }

    private static void record(HttpMetrics metrics, String method, int status) {
        metrics.started(HANDLER);
        metrics.finished(HANDLER, method, status, 1_000_000L, 0);
    }

    private static Set<String> methodLabels(PrometheusMeterRegistry registry) {
        Set<String> labels = new TreeSet<>();
        for (Meter meter : registry.getMeters()) {
            String method = meter.getId().getTag("method");
            if (method != null) {
                labels.add(method);
            }
        }
        return labels;
    }
}

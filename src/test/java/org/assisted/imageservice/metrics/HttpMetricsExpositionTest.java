package org.assisted.imageservice.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three upstream families (docs/upstream-behaviour.md#http-metrics) keep their names, types, help texts, label
 * names and buckets, so that dashboards built for the Go service work unchanged. Bucket bounds are compared as numbers:
 * the Java exposition writes {@code 1.0} and {@code 5.0E8} where Go writes {@code 1} and {@code 5e+08}.
 */
class HttpMetricsExpositionTest {

    private static final String DURATION = "assisted_image_service_http_request_duration_seconds";
    private static final String SIZE = "assisted_image_service_http_response_size_bytes";
    private static final String INFLIGHT = "assisted_image_service_http_requests_inflight";
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    private String scrape;

    @BeforeEach
    void recordOneDownloadAndOneInFlight() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpMetrics metrics = new HttpMetrics(registry);
        metrics.started("/images/:imageID");
        metrics.finished("/images/:imageID", "GET", 206, 1_500_000_000L, 1234);
        metrics.started("/byapikey/:token");
        metrics.bytesServed("/images/:imageID").increment(1234);
        scrape = registry.scrape();
    }

    @Test
    void familiesHaveTheUpstreamTypesAndHelpTexts() {
        assertTrue(scrape.contains("# HELP " + DURATION + " The latency of the HTTP requests.\n"
                + "# TYPE " + DURATION + " histogram\n"), scrape);
        assertTrue(scrape.contains("# HELP " + SIZE + " The size of the HTTP responses.\n"
                + "# TYPE " + SIZE + " histogram\n"), scrape);
        assertTrue(scrape.contains("# HELP " + INFLIGHT
                + " The number of inflight requests being handled at the same time.\n"
                + "# TYPE " + INFLIGHT + " gauge\n"), scrape);
    }

    @Test
    void durationBucketsAreUpstreamsInSeconds() {
        assertEquals(List.of(0.1, 1.0, 10.0, 50.0, 100.0, 300.0, 600.0, Double.POSITIVE_INFINITY),
                bucketBounds(DURATION));
        assertEquals("0", sample(DURATION + "_bucket", "le", "1.0"));
        assertEquals("1", sample(DURATION + "_bucket", "le", "10.0"));
    }

    @Test
    void sizeBucketsAreUpstreamsInBytes() {
        assertEquals(List.of(100.0, 1e6, 5e8, 1e9, 1e10, Double.POSITIVE_INFINITY), bucketBounds(SIZE));
        assertEquals("1234.0", sample(SIZE + "_sum", null, null));
    }

    @Test
    void labelsAreUpstreamsWithEmptyServiceAndRouteTemplates() {
        assertEquals(Set.of("code", "handler", "method", "service", "le"), labelNames(DURATION + "_bucket"));
        assertEquals(Set.of("code", "handler", "method", "service"), labelNames(SIZE + "_count"));
        assertEquals(Set.of("handler", "service"), labelNames(INFLIGHT));
        for (String line : scrape.split("\n")) {
            if (line.startsWith("assisted_image_service_http_")) {
                assertTrue(line.contains("service=\"\""), line);
                assertTrue(line.contains("handler=\"/images/:imageID\"") || line.contains("handler=\"/byapikey/:token\""),
                        line);
            }
        }
        assertTrue(scrape.contains(DURATION + "_count{code=\"206\",handler=\"/images/:imageID\",method=\"GET\","
                + "service=\"\"} 1\n"), scrape);
        assertTrue(scrape.contains(INFLIGHT + "{handler=\"/byapikey/:token\",service=\"\"} 1.0\n"), scrape);
        assertTrue(scrape.contains(INFLIGHT + "{handler=\"/images/:imageID\",service=\"\"} 0.0\n"), scrape);
    }

    @Test
    void bytesServedIsAnExtraCounterPerHandler() {
        assertTrue(scrape.contains("assisted_image_service_served_bytes_total{handler=\"/images/:imageID\"} 1234.0"),
                scrape);
    }

    private List<Double> bucketBounds(String family) {
        return scrape.lines().map(SAMPLE::matcher).filter(Matcher::matches)
                .filter(m -> m.group(1).equals(family + "_bucket") && m.group(2).contains("code=\"206\""))
                .map(m -> label(m.group(2), "le"))
                .map(le -> le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le))
                .toList();
    }

    private String sample(String name, String labelName, String labelValue) {
        return scrape.lines().map(SAMPLE::matcher).filter(Matcher::matches)
                .filter(m -> m.group(1).equals(name))
                .filter(m -> labelName == null || labelValue.equals(label(m.group(2), labelName)))
                .map(m -> m.group(3)).findFirst().orElseThrow(() -> new AssertionError(name + " missing: " + scrape));
    }

    private Set<String> labelNames(String name) {
        Set<String> names = new TreeSet<>();
        scrape.lines().map(SAMPLE::matcher).filter(Matcher::matches).filter(m -> m.group(1).equals(name))
                .forEach(m -> {
                    Matcher label = LABEL.matcher(m.group(2));
                    while (label.find()) {
                        names.add(label.group(1));
                    }
                });
        return names;
    }

    private static String label(String labels, String name) {
        Matcher label = LABEL.matcher(labels);
        while (label.find()) {
            if (label.group(1).equals(name)) {
                return label.group(2);
            }
        }
        return null;
    }
}

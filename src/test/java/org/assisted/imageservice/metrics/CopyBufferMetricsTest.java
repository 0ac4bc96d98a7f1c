package org.assisted.imageservice.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assisted.imageservice.http.CopyBufferPool;
import org.junit.jupiter.api.Test;

/**
 * The copy-buffer pool as {@code /metrics} shows it: its size, the buffers lent, and a take that found every buffer
 * lent counted once as a wait, under the names docs/operations.md lists.
 */
class CopyBufferMetricsTest {

    @Test
    void aTakeThatFindsEveryBufferLentIsCountedAsAWait() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CopyBufferPool pool = CopyBufferPool.SHARED;
        RuntimeMetrics.bindCopyBuffers(registry, pool);
        double waitsBefore = sample(registry.scrape(), "assisted_image_service_copy_buffer_waits_total");
        assertEquals(pool.capacity(), sample(registry.scrape(), "assisted_image_service_copy_buffers"));

        List<ByteBuffer> lent = new ArrayList<>();
        for (int i = 0; i < pool.capacity(); i++) {
            lent.add(pool.take());
        }
        assertEquals(pool.capacity(), sample(registry.scrape(), "assisted_image_service_copy_buffers_in_use"));
        CompletableFuture<ByteBuffer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.take();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sample(registry.scrape(), "assisted_image_service_copy_buffer_waits_total") == waitsBefore
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(waitsBefore + 1, sample(registry.scrape(), "assisted_image_service_copy_buffer_waits_total"));
        pool.give(lent.remove(0));
        lent.add(waiting.get(5, TimeUnit.SECONDS));
        lent.forEach(pool::give);
        assertEquals(0, sample(registry.scrape(), "assisted_image_service_copy_buffers_in_use"));
        assertTrue(registry.scrape().contains("# TYPE assisted_image_service_copy_buffer_waits_total counter"),
                registry.scrape());
    }

    private static double sample(String scrape, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        assertTrue(matcher.find(), name + " in\n" + scrape);
        return Double.parseDouble(matcher.group(1));
    }
}

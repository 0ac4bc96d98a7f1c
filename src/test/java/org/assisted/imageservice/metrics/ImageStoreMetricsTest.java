package org.assisted.imageservice.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.assisted.imageservice.store.BuildStepTimer;
import org.junit.jupiter.api.Test;

class ImageStoreMetricsTest {

    private static final String NAME = "assisted_image_service_template_build_duration";

    @Test
    void buildStepsAreTimedByStepAndOutcome() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BuildStepTimer timer = ImageStoreMetrics.buildSteps(registry);
        for (int i = 0; i < 2; i++) {
            try (BuildStepTimer.Step step = timer.start(BuildStepTimer.MINIMAL_ISO_TEMPLATE)) {
                Thread.sleep(5);
                step.succeeded();
            }
        }
        IOException failure = assertThrows(IOException.class, () -> {
            try (BuildStepTimer.Step step = timer.start(BuildStepTimer.IMAGE_CACHES)) {
                throw new IOException("disk full");
            }
        });
        assertEquals("disk full", failure.getMessage());
        Timer templates = registry.get(NAME).tags("step", "minimal-iso-template", "outcome", "success").timer();
        assertEquals(2, templates.count());
        assertEquals(true, templates.totalTime(TimeUnit.MILLISECONDS) >= 10, "the sleeps are inside the steps");
        assertEquals(1, registry.get(NAME).tags("step", "image-caches", "outcome", "failure").timer().count());
        assertEquals(0, registry.find(NAME).tags("step", "image-caches", "outcome", "success").timers().size());
    }
}

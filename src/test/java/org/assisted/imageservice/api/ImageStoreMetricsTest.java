package org.assisted.imageservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;

import org.assisted.imageservice.store.ImagePostProcessor;
import org.junit.jupiter.api.Test;

class ImageStoreMetricsTest {

    @Test
    void postProcessingStepsAreTimedBySuccessAndFailure() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ImagePostProcessor ok = ImageStoreMetrics.timed("minimal-iso-template", (source, image) -> { }, registry);
        ImagePostProcessor failing = ImageStoreMetrics.timed("minimal-iso-template", (source, image) -> {
            throw new IOException("disk full");
        }, registry);
        ok.process(null, null);
        ok.process(null, null);
        assertEquals("disk full", assertThrows(IOException.class, () -> failing.process(null, null)).getMessage());
        assertEquals(2, registry.get("assisted_image_service_template_build_duration")
                .tags("step", "minimal-iso-template", "outcome", "success").timer().count());
        assertEquals(1, registry.get("assisted_image_service_template_build_duration")
                .tags("step", "minimal-iso-template", "outcome", "failure").timer().count());
    }
}

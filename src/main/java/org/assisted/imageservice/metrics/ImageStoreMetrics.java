package org.assisted.imageservice.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Optional;

import org.assisted.imageservice.store.BuildStepTimer;
import org.assisted.imageservice.store.HealthReport;
import org.assisted.imageservice.store.ImageStore;

/**
 * The image store as gauges, one series per configured image ({@code <version>/<arch>/<type>}, bounded by
 * OS_IMAGES): {@code assisted_image_service_image_state{image, state}} is 1 for the current state and 0 for the
 * others; {@code assisted_image_service_image_download_progress_percent{image}} is 0–100 (NaN while the size is
 * unknown). Also times the steps that build templates and caches.
 */
public final class ImageStoreMetrics {

    private static final List<String> STATES = List.of("pending", "downloading", "ready", "failed");
    private static final double PERCENT_DONE = 100;

    private ImageStoreMetrics() {
    }

    /** Registers the gauges of every image the store knows now. */
    public static void bind(ImageStore store, MeterRegistry registry) {
        for (HealthReport.ImageHealth image : store.health().images()) {
            String name = image.name();
            for (String state : STATES) {
                Gauge.builder("assisted_image_service_image_state", store,
                                s -> find(s, name).filter(h -> h.state().equals(state)).isPresent() ? 1 : 0)
                        .description("1 for the state the image is in, else 0.")
                        .tags("image", name, "state", state)
                        .register(registry);
            }
            Gauge.builder("assisted_image_service_image_download_progress_percent", store, s -> progress(s, name))
                    .description("Download progress of the image, 0 to 100; NaN while the size is unknown.")
                    .tags("image", name)
                    .register(registry);
        }
    }

    /**
     * Records the store's build steps as {@code assisted_image_service_template_build_duration_seconds{step,
     * outcome}}, {@code outcome} being {@code success} or {@code failure}.
     */
    public static BuildStepTimer buildSteps(MeterRegistry registry) {
        return (step, duration, succeeded) -> Timer.builder("assisted_image_service_template_build_duration")
                .description("Time spent building templates and caches after an image is stored.")
                .tags("step", step, "outcome", succeeded ? "success" : "failure")
                .register(registry)
                .record(duration);
    }

    private static Optional<HealthReport.ImageHealth> find(ImageStore store, String name) {
        return store.health().images().stream().filter(h -> h.name().equals(name)).findFirst();
    }

    private static double progress(ImageStore store, String name) {
        Optional<HealthReport.ImageHealth> image = find(store, name);
        if (image.isEmpty()) {
            return Double.NaN;
        }
        return switch (image.get().state()) {
            case "ready" -> PERCENT_DONE;
            case "downloading" -> image.get().percent() == null ? Double.NaN : image.get().percent();
            default -> 0;
        };
    }
}

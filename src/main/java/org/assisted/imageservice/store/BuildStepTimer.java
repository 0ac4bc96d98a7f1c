package org.assisted.imageservice.store;

import java.time.Duration;

/**
 * Receives how long the image store's build steps took: {@value #IMAGE_CACHES} (the post-processors of a
 * stored image, such as the nmstate archive) and {@value #MINIMAL_ISO_TEMPLATE} (building, or loading from
 * DATA_DIR, a minimal-ISO template). Called on an image-store thread once per attempt, failed ones included.
 */
@FunctionalInterface
public interface BuildStepTimer {

    String IMAGE_CACHES = "image-caches";
    String MINIMAL_ISO_TEMPLATE = "minimal-iso-template";

    /** Records nothing. */
    BuildStepTimer NONE = (step, duration, succeeded) -> { };

    void record(String step, Duration duration, boolean succeeded);

    /** Starts timing a step; closing the result records it, as a success only if {@link Step#succeeded()} ran. */
    default Step start(String step) {
        return new Step(this, step, System.nanoTime());
    }

    /** One timed attempt of a step, for try-with-resources. */
    final class Step implements AutoCloseable {
        private final BuildStepTimer timer;
        private final String name;
        private final long startNanos;
        private boolean succeeded;

        private Step(BuildStepTimer timer, String name, long startNanos) {
            this.timer = timer;
            this.name = name;
            this.startNanos = startNanos;
        }

        public void succeeded() {
            succeeded = true;
        }

        @Override
        public void close() {
            timer.record(name, Duration.ofNanos(System.nanoTime() - startNanos), succeeded);
        }
    }
}

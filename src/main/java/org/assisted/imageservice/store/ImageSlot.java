package org.assisted.imageservice.store;

import java.nio.file.Path;

import org.assisted.imageservice.config.OsImageEntry;

/**
 * Mutable per-image record shared between the image-store thread working on it (writer) and request
 * threads (readers of the volatile fields). {@code failures} is only touched by the task for this image,
 * whose runs are ordered by the executor.
 */
final class ImageSlot {
    private final ImageKey key;
    private final OsImageEntry source;
    private final Path path;
    private volatile ImageState state = new ImageState.Pending();
    private volatile ReadyImage readyImage;
    private int failures;

    ImageSlot(ImageKey key, OsImageEntry source, Path path) {
        this.key = key;
        this.source = source;
        this.path = path;
    }

    ImageKey key() {
        return key;
    }

    OsImageEntry source() {
        return source;
    }

    Path path() {
        return path;
    }

    ImageState state() {
        return state;
    }

    ReadyImage readyImage() {
        return readyImage;
    }

    void state(ImageState newState) {
        state = newState;
    }

    void progress(long bytes, long totalBytes, long bytesPerSecond) {
        state = new ImageState.Downloading(bytes, totalBytes, bytesPerSecond);
    }

    void ready(ReadyImage image) {
        readyImage = image;
        state = new ImageState.Ready();
        failures = 0;
    }

    /** @return the number of consecutive failures including this one */
    int countFailure() {
        return ++failures;
    }
}

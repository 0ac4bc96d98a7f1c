package org.assisted.imageservice.store;

import java.util.List;

/**
 * The image store's state for a health endpoint.
 *
 * @param ready  whether every configured image is ready
 * @param images one element per downloaded image, in configuration order
 */
public record HealthReport(boolean ready, List<ImageHealth> images) {
    public HealthReport {
        images = List.copyOf(images);
    }

    /**
     * @param name           {@code <version>/<arch>/<type>}
     * @param state          {@code pending}, {@code downloading}, {@code building}, {@code ready} or {@code failed}
     * @param percent        download progress 0–100 while downloading with a known size, else null
     * @param bytesPerSecond transfer rate while downloading, else null
     * @param reason         why the last attempt failed, else null
     * @param nextRetryAt    ISO-8601 instant of the next attempt after a failure, else null
     */
    public record ImageHealth(String name, String state, Integer percent, Long bytesPerSecond, String reason,
                              String nextRetryAt) {

        static ImageHealth of(ImageKey key, ImageState state) {
            String name = key.displayName();
            if (state instanceof ImageState.Downloading d) {
                return new ImageHealth(name, state.wireName(), d.percent(), d.bytesPerSecond(), null, null);
            }
            if (state instanceof ImageState.Failed f) {
                return new ImageHealth(name, state.wireName(), null, null, f.reason(), f.nextRetryAt().toString());
            }
            return new ImageHealth(name, state.wireName(), null, null, null, null);
        }
    }
}

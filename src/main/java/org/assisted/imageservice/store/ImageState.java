package org.assisted.imageservice.store;

import java.time.Instant;

/**
 * Where one stored image is in its life: {@code pending → downloading → ready | failed → downloading → ...}; a
 * minimal-ISO template goes {@code pending → building → ready | failed → building → ...}.
 */
public sealed interface ImageState {

    /** @return {@code pending}, {@code downloading}, {@code building}, {@code ready} or {@code failed} */
    String wireName();

    /** Not attempted yet. */
    record Pending() implements ImageState {
        @Override
        public String wireName() {
            return "pending";
        }
    }

    /**
     * Being downloaded, checked or post-processed.
     *
     * @param bytes          bytes received so far
     * @param totalBytes     expected size in bytes, -1 when unknown
     * @param bytesPerSecond average transfer rate
     */
    record Downloading(long bytes, long totalBytes, long bytesPerSecond) implements ImageState {
        @Override
        public String wireName() {
            return "downloading";
        }

        /** @return 0–100, or null when the size is unknown */
        public Integer percent() {
            return totalBytes > 0 ? (int) Math.min(100, bytes * 100 / totalBytes) : null;
        }
    }

    /** A minimal-ISO template is being built from its full ISO (or checked against its cache key). */
    record Building() implements ImageState {
        @Override
        public String wireName() {
            return "building";
        }
    }

    /** Stored, valid and post-processed. */
    record Ready() implements ImageState {
        @Override
        public String wireName() {
            return "ready";
        }
    }

    /**
     * The last attempt failed; another is scheduled.
     *
     * @param reason      what went wrong, without credentials
     * @param nextRetryAt when the next attempt starts
     */
    record Failed(String reason, Instant nextRetryAt) implements ImageState {
        @Override
        public String wireName() {
            return "failed";
        }
    }
}

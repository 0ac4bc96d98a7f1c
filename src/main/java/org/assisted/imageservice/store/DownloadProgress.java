package org.assisted.imageservice.store;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Tracks one transfer: feeds the listener on every chunk, logs at most every 10 % or {@link #LOG_INTERVAL_NANOS}. */
final class DownloadProgress {
    private static final Logger LOG = Logger.getLogger(IsoDownloader.class.getName());
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;
    private static final int LOG_PERCENT_STEP = 10;

    private final String label;
    private final long totalBytes;
    private final DownloadProgressListener listener;
    private final long startNanos = System.nanoTime();
    private long lastLogNanos = startNanos;
    private int lastLoggedPercent;

    DownloadProgress(String label, long totalBytes, DownloadProgressListener listener) {
        this.label = label;
        this.totalBytes = totalBytes;
        this.listener = listener;
        listener.onProgress(0, totalBytes, 0);
    }

    void update(long bytes) {
        long now = System.nanoTime();
        long rate = bytesPerSecond(bytes, now);
        listener.onProgress(bytes, totalBytes, rate);
        int percent = percent(bytes);
        boolean percentStep = totalBytes > 0 && percent >= lastLoggedPercent + LOG_PERCENT_STEP;
        if (percentStep || now - lastLogNanos >= LOG_INTERVAL_NANOS) {
            lastLogNanos = now;
            lastLoggedPercent = percent - percent % LOG_PERCENT_STEP;
            log(bytes, rate);
        }
    }

    void finished(long bytes) {
        LOG.log(Level.INFO, "Downloaded {0}: {1} bytes at {2} bytes/s",
                new Object[] {label, bytes, bytesPerSecond(bytes, System.nanoTime())});
    }

    private void log(long bytes, long rate) {
        if (totalBytes > 0) {
            LOG.log(Level.INFO, "Downloading {0}: {1}% ({2} of {3} bytes), {4} bytes/s",
                    new Object[] {label, percent(bytes), bytes, totalBytes, rate});
        } else {
            LOG.log(Level.INFO, "Downloading {0}: {1} bytes, {2} bytes/s", new Object[] {label, bytes, rate});
        }
    }

    private int percent(long bytes) {
        return totalBytes > 0 ? (int) Math.min(100, bytes * 100 / totalBytes) : 0;
    }

    private long bytesPerSecond(long bytes, long now) {
        long elapsed = Math.max(1, now - startNanos);
        return (long) (bytes * 1e9 / elapsed);
    }
}

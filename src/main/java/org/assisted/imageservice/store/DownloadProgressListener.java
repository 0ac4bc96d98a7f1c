package org.assisted.imageservice.store;

/** Receives the progress of one download, on the downloading thread. */
@FunctionalInterface
public interface DownloadProgressListener {
    /**
     * @param bytes          bytes written so far
     * @param totalBytes     expected size in bytes, or -1 when the server sent no Content-Length
     * @param bytesPerSecond average rate since the transfer started
     */
    void onProgress(long bytes, long totalBytes, long bytesPerSecond);
}

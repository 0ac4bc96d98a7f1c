package org.assisted.imageservice.store;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.assisted.imageservice.config.ServiceConfig.DownloadConfig;
import org.assisted.imageservice.config.ServiceConfig.DownloadLimits;
import org.assisted.imageservice.io.ChannelIo;
import org.assisted.imageservice.iso.IsoPrimaryVolume;
import org.assisted.imageservice.outbound.CredentialSafeRedirects;

/**
 * Fetches OS images over http(s) or from file URLs into DATA_DIR. Each transfer goes to a temporary file in
 * DATA_TEMP_DIR, is checked for completeness, synced, checked by the caller and published into place by {@link
 * StagedFiles#publish} (a rename, or a copy to the hidden {@code .<name>.part} file next to the target and a rename
 * when DATA_TEMP_DIR is another filesystem); on any failure nothing is left at the target or in a temp file.
 * Interrupting the downloading thread or closing the downloader aborts transfers promptly.
 */
public final class IsoDownloader implements Closeable {
    private static final Logger LOG = Logger.getLogger(IsoDownloader.class.getName());
    private static final int BUFFER_BYTES = 256 * 1024;
    private static final long FILE_CHUNK_BYTES = 16L * 1024 * 1024;
    private static final int MAX_REDIRECTS = 10;
    private static final TimeValue CONNECTION_TIME_TO_LIVE = TimeValue.ofMinutes(10);
    private static final String TEMP_PREFIX = ".";
    private static final String TEMP_SUFFIX = ".part";

    private final CloseableHttpClient client;
    private final Path tempDir;
    private final Map<String, String> headers;
    private final Map<String, String> queryParams;
    private final Set<HttpGet> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private IsoDownloader(CloseableHttpClient client, DownloadConfig config, Path tempDir) {
        this.client = client;
        this.tempDir = tempDir;
        this.headers = config.requestHeaders();
        this.queryParams = config.requestQueryParams();
    }

    /**
     * @param tempDir        DATA_TEMP_DIR, where transfers are written
     * @param maxConnections how many downloads may run at once (connections per host and in total)
     * @throws GeneralSecurityException when OS_IMAGE_DOWNLOAD_TRUSTED_CA_FILE holds no usable certificate
     */
    public static IsoDownloader create(DownloadConfig config, Path tempDir, int maxConnections)
            throws IOException, GeneralSecurityException {
        DownloadLimits limits = config.limits();
        Timeout connect = timeout(limits.connectTimeout());
        Timeout stall = timeout(limits.stallTimeout());
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(DownloadTlsStrategies.of(config.tls()))
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(stall).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(stall)
                        .setTimeToLive(CONNECTION_TIME_TO_LIVE).build())
                .build();
        RequestConfig request = RequestConfig.custom()
                .setConnectionRequestTimeout(connect)
                .setResponseTimeout(stall)
                .setRedirectsEnabled(true)
                .setMaxRedirects(MAX_REDIRECTS)
                // Bytes must arrive exactly as served: their count is checked against Content-Length.
                .setContentCompressionEnabled(false)
                .setHardCancellationEnabled(true)
                .build();
        CredentialSafeRedirects redirects = new CredentialSafeRedirects(List.copyOf(config.requestHeaders().keySet()));
        DownloadProxies proxies = new DownloadProxies(config.proxy());
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(request)
                .setRedirectStrategy(redirects)
                .addRequestInterceptorLast(redirects)
                .setRoutePlanner(proxies)
                .setDefaultCredentialsProvider(proxies.credentials())
                .disableAutomaticRetries()
                .build();
        if (config.proxy().configured()) {
            LOG.log(Level.INFO, "OS image downloads use {0}", config.proxy());
        }
        return new IsoDownloader(client, config, tempDir);
    }

    /**
     * Inspects a complete download in its temp file before it replaces the target.
     *
     * @param <E> what a rejection throws
     */
    @FunctionalInterface
    public interface TempFileCheck<E extends Exception> {
        /** @throws IOException when the file cannot be read; {@link InterruptedIOException} when cancelled */
        void check(Path temp) throws IOException, E;
    }

    /**
     * Downloads {@code url} to {@code target}, replacing it atomically once {@code check} accepts the complete temp
     * file: the target never holds a file the check rejects, not even briefly or after a crash.
     *
     * @return the number of bytes stored
     * @throws InterruptedIOException when the thread was interrupted or the downloader closed
     * @throws IOException            on any transfer error, a non-2xx status or an incomplete body
     * @throws E                      when {@code check} rejects the file (it has been deleted)
     */
    public <E extends Exception> long download(URI url, Path target, DownloadProgressListener listener,
                                               TempFileCheck<E> check) throws IOException, E {
        String label = DownloadUrls.redact(url);
        LOG.log(Level.INFO, "Downloading {0} to {1}", new Object[] {label, target});
        Path temp = StagedFiles.create(tempDir, "download");
        try {
            long bytes = "file".equalsIgnoreCase(url.getScheme())
                    ? copyFile(Path.of(url), temp, label, listener)
                    : fetch(url, temp, label, listener);
            check.check(temp);
            StagedFiles.publish(temp, target);
            return bytes;
        } catch (IOException e) {
            if (closed || Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException) {
                throw new InterruptedIOException("download of " + label + " cancelled");
            }
            // Library messages may quote the URL, e.g. of a redirect: never pass its query on.
            throw new IOException("failed to download " + label + ": " + DownloadUrls.scrub(String.valueOf(e.getMessage())), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** @return the hidden {@code .<name>.part} file in DATA_DIR a copy to {@code target} writes to */
    static Path tempFile(Path target) {
        return target.resolveSibling(TEMP_PREFIX + target.getFileName() + TEMP_SUFFIX);
    }

    /** @return the download target of a {@link #tempFile}, or empty for any other name */
    static Optional<Path> targetOfTempFile(Path temp) {
        String name = temp.getFileName().toString();
        int prefix = TEMP_PREFIX.length();
        return name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX) && name.length() > prefix + TEMP_SUFFIX.length()
                ? Optional.of(temp.resolveSibling(name.substring(prefix, name.length() - TEMP_SUFFIX.length())))
                : Optional.empty();
    }

    /** Aborts running transfers and releases all connections. Idempotent. */
    @Override
    public void close() {
        closed = true;
        inFlight.forEach(HttpGet::cancel);
        client.close(CloseMode.IMMEDIATE);
    }

    private long fetch(URI url, Path temp, String label, DownloadProgressListener listener) throws IOException {
        HttpGet get = new HttpGet(DownloadUrls.withQueryParams(url, queryParams));
        headers.forEach(get::setHeader);
        inFlight.add(get);
        try {
            ensureOpen();
            try (ClassicHttpResponse response = client.executeOpen(null, get, null)) {
                int status = response.getCode();
                if (status < 200 || status > 299) {
                    throw new IOException("request to " + label + " returned error code " + status);
                }
                return store(get, response.getEntity(), temp, new DownloadProgress(label, length(response), listener));
            }
        } finally {
            inFlight.remove(get);
        }
    }

    private long store(HttpGet get, HttpEntity entity, Path temp, DownloadProgress progress) throws IOException {
        long expected = entity == null ? -1 : entity.getContentLength();
        long written;
        try (InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent();
             FileChannel out = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
            try {
                written = copy(in, out, progress);
            } catch (IOException | RuntimeException e) {
                // Closing the body stream would otherwise drain the rest of a possibly huge body.
                get.cancel();
                throw e;
            }
            out.force(true);
        }
        checkComplete(temp, written, expected);
        progress.finished(written);
        return written;
    }

    private long copy(InputStream in, FileChannel out, DownloadProgress progress) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long written = 0;
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                ensureOpen();
                ChannelIo.writeFully(out, ByteBuffer.wrap(buffer, 0, n));
                written += n;
                progress.update(written);
            }
        } catch (ConnectionClosedException e) {
            throw new IOException("unexpected EOF after " + written + " bytes: " + e.getMessage(), e);
        }
        return written;
    }

    private static void checkComplete(Path temp, long written, long expected) throws IOException {
        if (expected >= 0) {
            if (written != expected) {
                throw new IOException("wrote " + written + " bytes, but expected to write " + expected);
            }
            return;
        }
        long volumeSize = IsoPrimaryVolume.readFirst(temp).volumeBytes();
        // The file may be longer than the volume (appended partitions); shorter means the body was cut off.
        if (written < volumeSize) {
            throw new IOException("wrote " + written + " bytes without Content-Length, but the ISO volume is "
                    + volumeSize + " bytes");
        }
    }

    private long copyFile(Path source, Path temp, String label, DownloadProgressListener listener) throws IOException {
        try (FileChannel in = FileChannel.open(source, READ);
             FileChannel out = FileChannel.open(temp, CREATE, TRUNCATE_EXISTING, WRITE)) {
            long size = in.size();
            DownloadProgress progress = new DownloadProgress(label, size, listener);
            long position = 0;
            while (position < size) {
                ensureOpen();
                long n = in.transferTo(position, Math.min(FILE_CHUNK_BYTES, size - position), out);
                if (n <= 0) {
                    throw new IOException("copied " + position + " bytes of " + source + ", but it has " + size);
                }
                position += n;
                progress.update(position);
            }
            out.force(true);
            progress.finished(position);
            return position;
        }
    }

    private void ensureOpen() throws InterruptedIOException {
        if (closed || Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("download cancelled");
        }
    }

    private static long length(ClassicHttpResponse response) {
        return response.getEntity() == null ? -1 : response.getEntity().getContentLength();
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(d.toMillis());
    }
}

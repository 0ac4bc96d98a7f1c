package org.assisted.imageservice.store;

import java.io.Closeable;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.config.ServiceConfig.DownloadLimits;
import org.assisted.imageservice.config.ServiceConfig.StoreConfig;

/**
 * The OS images in DATA_DIR. {@link #start()} returns at once; the store's own threads ({@code image-store-<n>})
 * clean DATA_DIR, then fetch every deduplicated image concurrently, retrying failures with exponential backoff
 * until {@link #close()}. The store is ready when every image is.
 */
public final class ImageStore implements Closeable {
    private static final Logger LOG = Logger.getLogger(ImageStore.class.getName());
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final ImageCatalog catalog;
    private final IsoDownloader downloader;
    private final ImageFetcher fetcher;
    private final List<ImagePostProcessor> postProcessors;
    private final Backoff backoff;
    private final Map<ImageKey, ImageSlot> slots = new LinkedHashMap<>();
    private final ScheduledThreadPoolExecutor executor;
    private final Readiness readiness = new Readiness();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int cleanupFailures;

    /**
     * @param postProcessors run in order for each image after it is stored and valid, before it is ready
     * @throws IllegalArgumentException on an invalid image list (see {@link ImageCatalog#of})
     * @throws GeneralSecurityException when the download CA file is unusable
     */
    public ImageStore(StoreConfig config, List<ImagePostProcessor> postProcessors) throws IOException, GeneralSecurityException {
        this.catalog = ImageCatalog.of(config.dataDir(), config.images());
        for (OsImageEntry entry : catalog.downloads()) {
            ImageKey key = ImageKey.of(entry);
            slots.put(key, new ImageSlot(key, entry, catalog.isoPath(key.type(), entry)));
        }
        DownloadLimits limits = config.download().limits();
        this.downloader = IsoDownloader.create(config.download(), slots.size());
        this.fetcher = new ImageFetcher(downloader, new IsoValidator(limits.minRootfsSize(), limits.minKernelSize()));
        this.postProcessors = List.copyOf(postProcessors);
        this.backoff = new Backoff(limits.initialRetryDelay(), limits.maxRetryDelay(), () -> ThreadLocalRandom.current().nextDouble());
        this.executor = new ScheduledThreadPoolExecutor(slots.size(), daemonThreads());
    }

    /** Starts cleaning and downloading in the background and returns immediately. */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("image store is closed");
        }
        if (started.compareAndSet(false, true)) {
            executor.execute(this::cleanThenFetch);
        }
    }

    public Readiness readiness() {
        return readiness;
    }

    public ImageCatalog catalog() {
        return catalog;
    }

    /** @see ImageCatalog#find */
    public Optional<OsImageEntry> find(String versionKey, String arch) {
        return catalog.find(versionKey, arch);
    }

    /** Resolves the entry as {@link #find} does, then the stored image of the requested type for its RHCOS version. */
    public Lookup lookup(String versionKey, String arch, ImageType type) {
        Optional<OsImageEntry> entry = catalog.find(versionKey, arch);
        if (entry.isEmpty()) {
            return new Lookup.Unknown(versionKey, arch);
        }
        ImageSlot slot = slots.get(new ImageKey(entry.get().version(), arch, type));
        if (slot == null) {
            return new Lookup.NotConfigured(entry.get(), type);
        }
        ReadyImage image = slot.readyImage();
        return image == null ? new Lookup.NotReady(entry.get(), type, slot.state()) : new Lookup.Ready(entry.get(), image);
    }

    /** @return the stored image, or empty when it is unknown, not configured or not ready (see {@link #lookup}) */
    public Optional<ReadyImage> ready(String versionKey, String arch, ImageType type) {
        return lookup(versionKey, arch, type) instanceof Lookup.Ready r ? Optional.of(r.image()) : Optional.empty();
    }

    public HealthReport health() {
        return new HealthReport(readiness.isReady(),
                slots.values().stream().map(s -> HealthReport.ImageHealth.of(s.key(), s.state())).toList());
    }

    /** Cancels downloads (their temp files are removed), stops the store's threads and closes its HTTP client. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdownNow();
        downloader.close();
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("Image store threads did not stop within " + CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cleanThenFetch() {
        try {
            DataDirCleaner.clean(catalog);
        } catch (IOException e) {
            Duration delay = backoff.delay(++cleanupFailures);
            String reason = "failed to clean " + catalog.dataDir() + ": " + e;
            LOG.log(Level.WARNING, reason + "; retrying in " + delay, e);
            slots.values().forEach(s -> s.state(new ImageState.Failed(reason, Instant.now().plus(delay))));
            schedule(this::cleanThenFetch, delay);
            return;
        }
        slots.values().forEach(slot -> schedule(() -> attempt(slot), Duration.ZERO));
    }

    private void attempt(ImageSlot slot) {
        try {
            ReadyImage image = fetcher.fetch(slot);
            for (ImagePostProcessor processor : postProcessors) {
                processor.process(slot.source(), image);
            }
            slot.ready(image);
            LOG.log(Level.INFO, "Image {0} is ready at {1}", new Object[] {slot.key().displayName(), image.path()});
            if (slots.values().stream().allMatch(s -> s.readyImage() != null)) {
                readiness.markReady();
                LOG.info("All images are ready");
                executor.shutdown();
            }
        } catch (IOException | InvalidImageException | RuntimeException e) {
            // After close() every failure is a consequence of cancelling: nothing to report or retry.
            if (!closed.get()) {
                retryLater(slot, e);
            }
        }
    }

    private void retryLater(ImageSlot slot, Exception e) {
        int failures = slot.countFailure();
        Duration delay = backoff.delay(failures);
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        slot.state(new ImageState.Failed(reason, Instant.now().plus(delay)));
        LOG.log(Level.WARNING, "Image {0} failed (attempt {1}), retrying in {2}: {3}",
                new Object[] {slot.key().displayName(), failures, delay, reason});
        schedule(() -> attempt(slot), delay);
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            if (!closed.get()) {
                throw e;
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "image-store-" + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

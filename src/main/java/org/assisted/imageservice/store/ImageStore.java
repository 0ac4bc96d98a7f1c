package org.assisted.imageservice.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.assisted.imageservice.coreos.RhcosPaths;
import org.assisted.imageservice.minimal.MinimalIsoException;

/**
 * The OS images in DATA_DIR. {@link #start()} returns at once; the store's own threads ({@code image-store-<n>})
 * publish this instance's lease ({@link DataDirLeases}), clean DATA_DIR, then fetch every deduplicated image
 * concurrently, retrying failures with exponential backoff until {@link #close()}. Until then the lease is
 * refreshed and DATA_DIR cleaned every {@link DataDirLeases#REFRESH_EVERY} ({@code image-store-lease-<n>}), so
 * files that no live instance wants any more are removed without waiting for a restart. Each full ISO except s390x also has a minimal-ISO template ({@link MinimalIsoTemplates}),
 * built (or reused from the cache) once the full ISO is ready and its post-processors have run, because the
 * template embeds the nmstate archive they cache. Every image is served as soon as it is ready itself; the store
 * is ready when every image is. Without IMAGE_SERVICE_BASE_URL there are no minimal ISOs.
 */
public final class ImageStore implements Closeable {
    private static final Logger LOG = Logger.getLogger(ImageStore.class.getName());
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final ImageCatalog catalog;
    private final IsoDownloader downloader;
    private final ImageFetcher fetcher;
    private final List<ImagePostProcessor> postProcessors;
    private final BuildStepTimer stepTimer;
    private final Backoff backoff;
    private final Map<ImageKey, ImageSlot> slots = new LinkedHashMap<>();
    /** Full-ISO key → the slot of its minimal-ISO template. */
    private final Map<ImageKey, ImageSlot> templateSlots = new LinkedHashMap<>();
    /** Full-ISO key → the file name of its template once it is ready. */
    private final Map<ImageKey, String> templateNames = new ConcurrentHashMap<>();
    private final Optional<MinimalIsoTemplates> templates;
    private final Path tempDir;
    private final DataDirLeases leases;
    private final ScheduledThreadPoolExecutor executor;
    private final ScheduledThreadPoolExecutor heartbeat;
    private final Readiness readiness = new Readiness();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int cleanupFailures;

    /** An image store whose build steps are not timed: see {@link #ImageStore(StoreConfig, List, BuildStepTimer)}. */
    public ImageStore(StoreConfig config, List<ImagePostProcessor> postProcessors)
            throws IOException, GeneralSecurityException {
        this(config, postProcessors, BuildStepTimer.NONE);
    }

    /**
     * @param postProcessors run in order for each image after it is stored and valid, before it is ready
     * @param stepTimer      told how long the post-processors and each minimal-ISO template took
     * @throws IllegalArgumentException on an invalid image list (see {@link ImageCatalog#of}), when
     *                                  IMAGE_SERVICE_BASE_URL cannot make a rootfs URL, or when DATA_DIR is refused
     *                                  ({@link DataDirGuard})
     * @throws GeneralSecurityException when the download CA file is unusable
     */
    public ImageStore(StoreConfig config, List<ImagePostProcessor> postProcessors, BuildStepTimer stepTimer)
            throws IOException, GeneralSecurityException {
        DataDirGuard.check(config.dataDir(), DataDirGuard.serverDirectories());
        this.catalog = ImageCatalog.of(config.dataDir(), config.images());
        for (OsImageEntry entry : catalog.downloads()) {
            ImageKey key = ImageKey.of(entry);
            slots.put(key, new ImageSlot(key, entry, catalog.isoPath(key.type(), entry)));
        }
        this.tempDir = config.dataTempDir();
        this.templates = config.imageServiceBaseUrl().isEmpty() ? Optional.empty()
                : Optional.of(new MinimalIsoTemplates(catalog, config.imageServiceBaseUrl(), tempDir));
        templates.ifPresent(this::addTemplateSlots);
        DownloadLimits limits = config.download().limits();
        this.leases = DataDirLeases.open(catalog.dataDir());
        this.downloader = IsoDownloader.create(config.download(), tempDir, slots.size());
        this.fetcher = new ImageFetcher(downloader, new IsoValidator(limits.minRootfsSize(), limits.minKernelSize()));
        this.postProcessors = List.copyOf(postProcessors);
        this.stepTimer = stepTimer;
        this.backoff = new Backoff(limits.initialRetryDelay(), limits.maxRetryDelay(), () -> ThreadLocalRandom.current().nextDouble());
        this.executor = new ScheduledThreadPoolExecutor(slots.size(), daemonThreads("image-store-"));
        this.heartbeat = new ScheduledThreadPoolExecutor(1, daemonThreads("image-store-lease-"));
    }

    private void addTemplateSlots(MinimalIsoTemplates builder) {
        for (OsImageEntry entry : catalog.downloads()) {
            if (entry.type() == ImageType.FULL_ISO && !entry.cpuArchitecture().equals(RhcosPaths.S390X)) {
                builder.rootfsUrl(entry); // an unusable IMAGE_SERVICE_BASE_URL fails the deployment, not each build
                ImageKey key = new ImageKey(entry.version(), entry.cpuArchitecture(), ImageType.MINIMAL_ISO);
                ImageSlot slot = new ImageSlot(key, entry, catalog.isoPath(ImageType.MINIMAL_ISO, entry));
                slots.put(key, slot);
                templateSlots.put(ImageKey.of(entry), slot);
            }
        }
    }

    /** Starts cleaning and downloading in the background and returns immediately. */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("image store is closed");
        }
        if (started.compareAndSet(false, true)) {
            executor.execute(this::cleanThenFetch);
            long period = DataDirLeases.REFRESH_EVERY.toMillis();
            heartbeat.scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
        }
    }

    public Readiness readiness() {
        return readiness;
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
            return new Lookup.NotConfigured(entry.get(), type, notConfiguredReason(entry.get(), arch, type));
        }
        ReadyImage image = slot.readyImage();
        return image == null ? new Lookup.NotReady(entry.get(), type, slot.state()) : new Lookup.Ready(entry.get(), image);
    }

    /** @return the stored image, or empty when it is unknown, not configured or not ready (see {@link #lookup}) */
    public Optional<ReadyImage> ready(String versionKey, String arch, ImageType type) {
        return lookup(versionKey, arch, type) instanceof Lookup.Ready r ? Optional.of(r.image()) : Optional.empty();
    }

    private String notConfiguredReason(OsImageEntry entry, String arch, ImageType type) {
        if (type == ImageType.MINIMAL_ISO && templates.isEmpty()) {
            return "minimal ISOs are not available: IMAGE_SERVICE_BASE_URL is not set, so their rootfs URL"
                    + " cannot be built";
        }
        return "no " + type + " image is available for version " + entry.version() + " and architecture " + arch;
    }

    /** Templates written (not reused from the cache) by this store. */
    int templateBuilds() {
        return templates.map(MinimalIsoTemplates::builds).orElse(0);
    }

    public HealthReport health() {
        return new HealthReport(readiness.isReady(),
                slots.values().stream().map(s -> HealthReport.ImageHealth.of(s.key(), s.state())).toList());
    }

    /**
     * Removes the DATA_DIR entries that neither this instance nor another live one wants (see {@link
     * DataDirCleaner}). Runs at start and with every heartbeat.
     */
    void collectUnused() throws IOException {
        Set<String> wanted = new HashSet<>(ownNames());
        wanted.addAll(leases.othersLive());
        DataDirCleaner.clean(catalog.dataDir(), wanted);
    }

    /**
     * The names of this instance's lease: the configured images, and per minimal-ISO template its file once it is
     * ready, before that every template of its version and architecture (one of them may be reused).
     */
    private List<String> ownNames() {
        List<String> names = new ArrayList<>(catalog.wantedNames());
        templateSlots.forEach((key, slot) -> names.add(templateNames.getOrDefault(key,
                ImageKey.stem(ImageType.MINIMAL_ISO, key.version(), key.arch()))));
        return names;
    }

    private void heartbeat() {
        try {
            leases.refresh();
            collectUnused();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Refreshing the lease on " + catalog.dataDir() + " or cleaning it failed: " + e, e);
        }
    }

    /**
     * Cancels downloads (their temp files are removed), stops the store's threads, closes its HTTP client and
     * ends its lease. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdownNow();
        heartbeat.shutdownNow();
        downloader.close();
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    || !heartbeat.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("Image store threads did not stop within " + CLOSE_TIMEOUT);
            }
            leases.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot remove the lease " + leases.file() + ": " + e, e);
        }
    }

    private void cleanThenFetch() {
        try {
            leases.publish(ownNames());
            StagedFiles.removeAbandoned(tempDir);
            collectUnused();
        } catch (IOException e) {
            Duration delay = backoff.delay(++cleanupFailures);
            String reason = "failed to clean " + catalog.dataDir() + ": " + e;
            LOG.log(Level.WARNING, reason + "; retrying in " + delay, e);
            slots.values().forEach(s -> s.state(new ImageState.Failed(reason, Instant.now().plus(delay))));
            schedule(this::cleanThenFetch, delay);
            return;
        }
        slots.values().stream().filter(slot -> !templateSlots.containsValue(slot))
                .forEach(slot -> schedule(() -> attempt(slot), Duration.ZERO));
    }

    private void attempt(ImageSlot slot) {
        try {
            ReadyImage image = fetcher.fetch(slot);
            if (!postProcessors.isEmpty()) {
                postProcess(slot.source(), image);
            }
            slot.ready(image);
            LOG.log(Level.INFO, "Image {0} is ready at {1}", new Object[] {slot.key().displayName(), image.path()});
            ImageSlot template = templateSlots.get(slot.key());
            if (template != null) {
                schedule(() -> buildTemplate(template, image), Duration.ZERO);
            }
            markReadyWhenAllAre();
        } catch (IOException | InvalidImageException | RuntimeException e) {
            // After close() every failure is a consequence of cancelling: nothing to report or retry.
            if (!closed.get()) {
                retryLater(slot, e, () -> attempt(slot));
            }
        }
    }

    private void postProcess(OsImageEntry source, ReadyImage image) throws IOException {
        try (BuildStepTimer.Step step = stepTimer.start(BuildStepTimer.IMAGE_CACHES)) {
            for (ImagePostProcessor processor : postProcessors) {
                processor.process(source, image);
            }
            step.succeeded();
        }
    }

    /** Runs after the full ISO's post-processors: the template embeds the nmstate archive they cache. */
    private void buildTemplate(ImageSlot slot, ReadyImage base) {
        try {
            slot.state(new ImageState.Building());
            ReadyImage template;
            try (BuildStepTimer.Step step = stepTimer.start(BuildStepTimer.MINIMAL_ISO_TEMPLATE)) {
                template = templates.orElseThrow().ensure(slot.source(), base);
                step.succeeded();
            }
            ImageKey full = ImageKey.of(slot.source());
            templateNames.put(full, template.path().getFileName().toString());
            leases.publish(ownNames()); // before it is served: from now on the lease names this very file
            slot.ready(template);
            LOG.log(Level.INFO, "Image {0} is ready at {1}", new Object[] {slot.key().displayName(), template.path()});
            markReadyWhenAllAre();
        } catch (IOException | MinimalIsoException | RuntimeException e) {
            if (!closed.get()) {
                retryLater(slot, e, () -> buildTemplate(slot, base));
            }
        }
    }

    private void markReadyWhenAllAre() {
        if (slots.values().stream().allMatch(s -> s.readyImage() != null)) {
            readiness.markReady();
            LOG.info("All images are ready");
            executor.shutdown();
        }
    }

    private void retryLater(ImageSlot slot, Exception e, Runnable retry) {
        int failures = slot.countFailure();
        Duration delay = backoff.delay(failures);
        // Shown on /health: whatever a library quoted, no URL keeps its user info or query (DownloadUrls#scrub).
        String reason = DownloadUrls.scrub(e.getMessage() == null ? e.toString() : e.getMessage());
        slot.state(new ImageState.Failed(reason, Instant.now().plus(delay)));
        LOG.log(Level.WARNING, "Image {0} failed (attempt {1}), retrying in {2}: {3}",
                new Object[] {slot.key().displayName(), failures, delay, reason});
        schedule(retry, delay);
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

    private static ThreadFactory daemonThreads(String prefix) {
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

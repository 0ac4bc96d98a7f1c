package org.assisted.imageservice.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.iso.IsoLayout;
import org.assisted.imageservice.iso.MinimalIsoException;
import org.assisted.imageservice.iso.MinimalIsoRootfsUrl;
import org.assisted.imageservice.iso.MinimalIsoTemplate;
import org.assisted.imageservice.iso.MinimalIsoTemplateInputs;

/**
 * The minimal-ISO templates in DATA_DIR: {@code rhcos-minimal-iso-<version>-<arch>.iso}, built from the full ISO of
 * the same version and architecture, with a {@code .key} sidecar ({@link MinimalIsoCacheKey}) naming what it was
 * built from and a {@code .lock} file. A template whose key matches is reused as it is, so a restart does not
 * rebuild it; otherwise it is rebuilt. Building holds a lock per template, in this JVM and on the lock file (other
 * processes sharing DATA_DIR), and checks the key again once the lock is held, so concurrent start-ups build once.
 * The template is written to a temporary file and moved into place; its key is written (the same way) only after
 * that, and removed before a rebuild starts, so a key never describes a template it did not come from.
 */
final class MinimalIsoTemplates {
    private static final Logger LOG = Logger.getLogger(MinimalIsoTemplates.class.getName());
    static final String KEY_SUFFIX = ".key";
    static final String LOCK_SUFFIX = ".lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final ImageCatalog catalog;
    private final String baseUrl;
    private final AtomicInteger builds = new AtomicInteger();

    /** @param baseUrl IMAGE_SERVICE_BASE_URL, non-empty */
    MinimalIsoTemplates(ImageCatalog catalog, String baseUrl) {
        this.catalog = catalog;
        this.baseUrl = baseUrl;
    }

    /**
     * The rootfs URL of an entry's minimal ISO (image-store.md §6).
     *
     * @throws IllegalArgumentException when IMAGE_SERVICE_BASE_URL cannot make one
     */
    String rootfsUrl(OsImageEntry source) {
        try {
            return MinimalIsoRootfsUrl.build(baseUrl, source.cpuArchitecture(), source.version());
        } catch (MinimalIsoException e) {
            throw new IllegalArgumentException("IMAGE_SERVICE_BASE_URL: " + e.getMessage(), e);
        }
    }

    /** Number of templates this instance has written (not reused). */
    int builds() {
        return builds.get();
    }

    /**
     * The template of {@code base} at {@code target}: the cached one when its key matches, else a new one. The
     * nmstate archive is the one the post-processors cached for this entry, if that file exists.
     */
    ReadyImage ensure(OsImageEntry source, ReadyImage base, Path target) throws IOException, MinimalIsoException {
        Path nmstate = catalog.nmstatectlPath(source);
        MinimalIsoTemplateInputs inputs = new MinimalIsoTemplateInputs(rootfsUrl(source), source.cpuArchitecture(),
                Files.isRegularFile(nmstate) ? Optional.of(nmstate) : Optional.empty());
        String key = MinimalIsoCacheKey.of(base, inputs);
        Optional<ReadyImage> cached = cached(target, key);
        if (cached.isPresent()) {
            return cached.get();
        }
        ReentrantLock lock = LOCKS.computeIfAbsent(target.toAbsolutePath(), path -> new ReentrantLock());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to build " + target);
        }
        try (FileChannel lockFile = FileChannel.open(sidecar(target, LOCK_SUFFIX), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            lockFile.lock(); // released when the channel closes
            cached = cached(target, key);
            return cached.isPresent() ? cached.get() : build(base, inputs, target, key);
        } finally {
            lock.unlock();
        }
    }

    private ReadyImage build(ReadyImage base, MinimalIsoTemplateInputs inputs, Path target, String key)
            throws IOException, MinimalIsoException {
        Path keyFile = sidecar(target, KEY_SUFFIX);
        Files.deleteIfExists(keyFile);
        long start = System.nanoTime();
        MinimalIsoTemplate.write(MinimalIsoTemplate.plan(base.layout(), inputs), target);
        Path tempKey = Files.createTempFile(target.toAbsolutePath().getParent(), "." + keyFile.getFileName(), ".tmp");
        try {
            Files.writeString(tempKey, key, StandardCharsets.UTF_8);
            Files.move(tempKey, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tempKey);
        }
        builds.incrementAndGet();
        LOG.log(Level.INFO, "Built minimal ISO template {0} in {1}",
                new Object[] {target, Duration.ofNanos(System.nanoTime() - start)});
        return readTemplate(target);
    }

    /** The template at {@code target} if its key is {@code key} and it still reads as a template. */
    private static Optional<ReadyImage> cached(Path target, String key) throws IOException {
        String stored;
        try {
            stored = Files.readString(sidecar(target, KEY_SUFFIX), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (!stored.equals(key) || !Files.isRegularFile(target)) {
            LOG.log(Level.INFO, "Minimal ISO template {0} is out of date, rebuilding it", target);
            return Optional.empty();
        }
        try {
            return Optional.of(readTemplate(target));
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while reading " + target);
            }
            LOG.log(Level.WARNING, "Cached minimal ISO template {0} is unreadable, rebuilding it: {1}",
                    new Object[] {target, e.toString()});
            return Optional.empty();
        }
    }

    private static ReadyImage readTemplate(Path target) throws IOException {
        IsoLayout layout = IsoLayout.read(target);
        long ramdiskSize = layout.file(MinimalIsoTemplate.RAMDISK_PATH).map(IsoFile::size).orElse(-1L);
        if (ramdiskSize != MinimalIsoTemplate.RAMDISK_BYTES) {
            throw new IllegalStateException(target + " has no " + MinimalIsoTemplate.RAMDISK_BYTES + "-byte "
                    + MinimalIsoTemplate.RAMDISK_PATH);
        }
        return new ReadyImage(target, layout);
    }

    private static Path sidecar(Path target, String suffix) {
        return target.resolveSibling(target.getFileName() + suffix);
    }
}

package org.assisted.imageservice.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.minimal.MinimalIsoException;
import org.assisted.imageservice.minimal.MinimalIsoRootfsUrl;
import org.assisted.imageservice.minimal.MinimalIsoTemplate;
import org.assisted.imageservice.minimal.MinimalIsoTemplateInputs;

/**
 * The minimal-ISO templates in DATA_DIR, built from the full ISO of the same version and architecture. A template
 * is named by its cache key ({@link MinimalIsoCacheKey}): {@code rhcos-minimal-iso-<version>-<arch>.<digest>.iso},
 * where the digest is a SHA-256 of the key's text. So a template is immutable once published: an instance with
 * other inputs (another IMAGE_SERVICE_BASE_URL, another nmstate archive) builds a file of another name and never
 * rewrites one that is being served, and a restart with the same inputs reuses the file as it is. Old templates are
 * removed by the cleanup once no live instance's lease names them ({@link DataDirLeases}). Building holds the
 * template's {@link ImageFileLock} and checks for the file again once it is held, so instances sharing DATA_DIR
 * (also web applications in one JVM) build each template once. It is written in DATA_TEMP_DIR, then published.
 */
final class MinimalIsoTemplates {
    private static final Logger LOG = Logger.getLogger(MinimalIsoTemplates.class.getName());
    private static final int NAME_DIGEST_HEX_CHARS = 32;

    private final ImageCatalog catalog;
    private final String baseUrl;
    private final Path tempDir;
    private final AtomicInteger builds = new AtomicInteger();

    /**
     * @param baseUrl IMAGE_SERVICE_BASE_URL, non-empty
     * @param tempDir DATA_TEMP_DIR
     */
    MinimalIsoTemplates(ImageCatalog catalog, String baseUrl, Path tempDir) {
        this.catalog = catalog;
        this.baseUrl = baseUrl;
        this.tempDir = tempDir;
    }

    /**
     * The rootfs URL of an entry's minimal ISO (docs/upstream-behaviour.md#rootfs-url).
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
     * The template of {@code base}: the published one for these inputs when it exists, else a new one. The nmstate
     * archive is the one the post-processors cached for this entry, if that file exists.
     */
    @SuppressWarnings("try") // the lock is held, not used, inside the block
    ReadyImage ensure(OsImageEntry source, ReadyImage base) throws IOException, MinimalIsoException {
        Path nmstate = catalog.nmstatectlPath(source);
        MinimalIsoTemplateInputs inputs = new MinimalIsoTemplateInputs(rootfsUrl(source), source.cpuArchitecture(),
                Files.isRegularFile(nmstate) ? Optional.of(nmstate) : Optional.empty());
        Path target = templatePath(source, MinimalIsoCacheKey.of(base, inputs));
        Optional<ReadyImage> cached = cached(target);
        if (cached.isPresent()) {
            return cached.get();
        }
        try (ImageFileLock lock = ImageFileLock.acquire(target, () -> LOG.log(Level.INFO,
                "Waiting for another process that holds {0}", ImageFileLock.lockFile(target)))) {
            cached = cached(target);
            return cached.isPresent() ? cached.get() : build(base, inputs, target);
        }
    }

    /** @return {@code DATA_DIR/rhcos-minimal-iso-<version>-<arch>.<digest of key>.iso} */
    private Path templatePath(OsImageEntry source, String key) {
        String stem = ImageKey.stem(ImageType.MINIMAL_ISO, source.version(), source.cpuArchitecture());
        String digest = HexFormat.of().formatHex(MinimalIsoCacheKey.sha256().digest(key.getBytes(StandardCharsets.UTF_8)));
        return catalog.dataDir().resolve(stem + "." + digest.substring(0, NAME_DIGEST_HEX_CHARS) + ".iso");
    }

    private ReadyImage build(ReadyImage base, MinimalIsoTemplateInputs inputs, Path target)
            throws IOException, MinimalIsoException {
        long start = System.nanoTime();
        Path staged = StagedFiles.create(tempDir, "template");
        try {
            MinimalIsoTemplate.write(MinimalIsoTemplate.plan(base.layout(), inputs), staged);
            StagedFiles.publish(staged, target);
        } finally {
            Files.deleteIfExists(staged);
        }
        builds.incrementAndGet();
        LOG.log(Level.INFO, "Built minimal ISO template {0} in {1}",
                new Object[] {target, Duration.ofNanos(System.nanoTime() - start)});
        return readTemplate(target);
    }

    /** The published template at {@code target} if it exists and still reads as a template. */
    private static Optional<ReadyImage> cached(Path target) throws IOException {
        if (!Files.isRegularFile(target)) {
            return Optional.empty();
        }
        try {
            return Optional.of(readTemplate(target));
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while reading " + target);
            }
            // Damaged on disk: replaced by a new build, whose bytes are the same as those of any intact copy.
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
}

package org.assisted.imageservice.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.coreos.RhcosPaths;
import org.assisted.imageservice.iso.IsoFile;

/**
 * The cached nmstate archives in DATA_DIR (docs/upstream-behaviour.md#nmstatectl-archive): which images need one, where
 * it is, and, as a post-processor, writing it from the stored full ISO before that image becomes ready. A failure fails
 * only that image (it is retried with backoff and reported by the health report); other versions keep serving.
 *
 * <p>Eligibility is decided on the configured entry's {@code openshift_version}, never on the version string
 * of a request, which may be an RHCOS version that go-version orders above 4.18 or no version at all
 * (docs/upstream-behaviour.md#known-weaknesses, item 13). An unparsable {@code openshift_version} means "no nmstate",
 * never an error.
 */
public final class NmstateCache implements ImagePostProcessor {

    /** The first OpenShift version whose discovery initrd carries nmstatectl. */
    private static final GoVersion FIRST_NMSTATE_VERSION = GoVersion.parse("4.18.0-ec.0");
    private static final Logger LOG = Logger.getLogger(NmstateCache.class.getName());

    /** Writes the nmstate archive for the rootfs at an extent of an ISO, atomically, to a target file. */
    @FunctionalInterface
    public interface Extraction {
        void extract(Path iso, IsoFile rootfsImg, Path targetArchive) throws IOException;
    }

    private final ImageCatalog catalog;
    private final Path tempDir;
    private final Extraction extraction;

    /** @param tempDir DATA_TEMP_DIR: the archive is extracted there, then published into DATA_DIR */
    public NmstateCache(ImageCatalog catalog, Path tempDir, Extraction extraction) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
        this.extraction = Objects.requireNonNull(extraction, "extraction");
    }

    /** Whether the entry's {@code openshift_version} is at least {@code 4.18.0-ec.0} (go-version rules). */
    public static boolean needsNmstate(OsImageEntry entry) {
        try {
            return GoVersion.parse(entry.openshiftVersion()).compareTo(FIRST_NMSTATE_VERSION) >= 0;
        } catch (IllegalArgumentException unparsable) {
            LOG.log(Level.FINE, "no nmstate for an unparsable openshift_version: {0}", unparsable.getMessage());
            return false;
        }
    }

    /**
     * The archive for PXE initrds and for a minimal ISO's {@code images/nmstate.img}; empty when the entry does
     * not need one. Once the entry's full ISO is ready, the file exists.
     */
    public Optional<Path> archive(OsImageEntry entry) {
        return needsNmstate(entry) ? Optional.of(catalog.nmstatectlPath(entry)) : Optional.empty();
    }

    /**
     * Writes the archive of a full ISO that needs one unless it is already cached (kept across restarts). A
     * published archive is never rewritten. The archive's {@link ImageFileLock} is held meanwhile, so instances
     * sharing DATA_DIR extract it once.
     */
    @Override
    @SuppressWarnings("try") // the lock is held, not used, inside the block
    public void process(OsImageEntry source, ReadyImage image) throws IOException {
        Optional<Path> target = source.type() == ImageType.FULL_ISO ? archive(source) : Optional.empty();
        if (target.isEmpty() || Files.exists(target.get())) {
            return;
        }
        try (ImageFileLock lock = ImageFileLock.acquire(target.get(), () -> LOG.log(Level.INFO,
                "Waiting for another process that holds {0}", ImageFileLock.lockFile(target.get())))) {
            if (!Files.exists(target.get())) {
                extract(source, image, target.get());
            }
        }
    }

    private void extract(OsImageEntry source, ReadyImage image, Path target) throws IOException {
        String what = "nmstatectl of " + source.version() + " " + source.cpuArchitecture() + " (OpenShift "
                + source.openshiftVersion() + ")";
        IsoFile rootfs = image.layout().file(RhcosPaths.ROOTFS_PATH)
                .orElseThrow(() -> new IOException("cannot cache " + what + ": " + RhcosPaths.ROOTFS_PATH
                        + " not found in " + image.path().getFileName()));
        Path staged = StagedFiles.create(tempDir, "nmstate");
        try {
            extraction.extract(image.path(), rootfs, staged);
            StagedFiles.publish(staged, target);
        } catch (IOException e) {
            throw new IOException("cannot cache " + what + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(staged);
        }
        LOG.log(Level.INFO, "Cached {0} in {1}", new Object[] {what, target});
    }
}

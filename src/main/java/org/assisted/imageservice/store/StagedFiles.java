package org.assisted.imageservice.store;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.io.AtomicFiles;

/**
 * Files written in DATA_TEMP_DIR and then published into DATA_DIR: downloads, minimal-ISO templates and nmstate
 * archives. Publishing is an atomic rename when both directories are on one filesystem; otherwise the file is
 * copied to the target's hidden {@code .<name>.part} file in DATA_DIR ({@link IsoDownloader#tempFile}), forced to
 * disk and renamed atomically, so DATA_DIR never holds a partial file under a published name. The caller holds
 * the target's {@link ImageFileLock} meanwhile, which keeps other instances' cleaners off the {@code .part} file.
 */
final class StagedFiles {
    private static final Logger LOG = Logger.getLogger(StagedFiles.class.getName());
    /** Names of the service's files in DATA_TEMP_DIR begin so. */
    static final String PREFIX = "assisted-image-";
    private static final long COPY_CHUNK_BYTES = 16L * 1024 * 1024;

    private StagedFiles() {
    }

    /** @return a new empty file {@code assisted-image-<purpose>-<random>.tmp} in DATA_TEMP_DIR */
    static Path create(Path tempDir, String purpose) throws IOException {
        return Files.createTempFile(tempDir, PREFIX + purpose + "-", ".tmp");
    }

    /** Moves {@code staged} to {@code target}, replacing it; {@code staged} is gone afterwards, also on failure. */
    static void publish(Path staged, Path target) throws IOException {
        try {
            AtomicFiles.replace(staged, target);
            return;
        } catch (AtomicMoveNotSupportedException otherFilesystem) {
            LOG.log(Level.FINE, "{0} is on another filesystem than {1}: copying", new Object[] {staged, target});
        }
        Path part = IsoDownloader.tempFile(target);
        try {
            copy(staged, part);
            AtomicFiles.replace(part, target);
        } finally {
            Files.deleteIfExists(part);
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Removes this service's files in DATA_TEMP_DIR not modified for {@link DataDirLeases#STALE_AFTER}: left
     * behind by an instance that was killed. Files being written are modified continuously and stay.
     */
    static void removeAbandoned(Path tempDir) throws IOException {
        Instant before = Instant.now().minus(DataDirLeases.STALE_AFTER);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tempDir, PREFIX + "*")) {
            for (Path file : files) {
                if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    LOG.log(Level.INFO, "Removing the abandoned temporary file {0}", file);
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(source, READ);
             FileChannel out = FileChannel.open(target, CREATE, TRUNCATE_EXISTING, WRITE)) {
            long size = in.size();
            for (long position = 0; position < size; ) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while copying " + source + " to " + target);
                }
                long n = in.transferTo(position, Math.min(COPY_CHUNK_BYTES, size - position), out);
                if (n <= 0) {
                    throw new IOException("copied " + position + " bytes of " + source + ", but it has " + size);
                }
                position += n;
            }
            out.force(true);
        }
    }
}

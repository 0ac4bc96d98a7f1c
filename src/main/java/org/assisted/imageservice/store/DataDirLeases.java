package org.assisted.imageservice.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.io.AtomicFiles;

/**
 * Per-instance leases on DATA_DIR entries, so that instances sharing DATA_DIR (a rolling update, several
 * replicas on one ReadWriteMany volume, two web applications in one Tomcat) never delete a file another live
 * instance uses. Each instance owns {@code DATA_DIR/.assisted-image-service/leases/<random id>.lease}: one
 * name per line, written atomically before the instance touches those files, rewritten when the set changes and
 * touched (its modification time) every {@link #REFRESH_EVERY}. A lease not touched for {@link #STALE_AFTER}
 * belongs to an instance that is gone (killed without running its shutdown) and is removed by whoever notices.
 * A leased name {@code N} covers the DATA_DIR entries {@code N}, {@code N.<anything>} (lock files) and
 * {@code .N<anything>} (temporary files of downloads and builds): see {@link #covers}.
 */
final class DataDirLeases implements Closeable {
    /** The service's own directory in DATA_DIR; its presence marks a directory the service has used. */
    static final String META_DIR = ".assisted-image-service";
    static final Duration REFRESH_EVERY = Duration.ofSeconds(30);
    static final Duration STALE_AFTER = Duration.ofMinutes(5);
    private static final String SUFFIX = ".lease";
    private static final Logger LOG = Logger.getLogger(DataDirLeases.class.getName());

    private final Path directory;
    private final Path file;
    private List<String> names = List.of();

    private DataDirLeases(Path directory, Path file) {
        this.directory = directory;
        this.file = file;
    }

    /** Creates the lease directory if needed; the lease itself is written by {@link #publish}. */
    static DataDirLeases open(Path dataDir) throws IOException {
        Path directory = Files.createDirectories(dataDir.resolve(META_DIR).resolve("leases"));
        return new DataDirLeases(directory, directory.resolve(UUID.randomUUID() + SUFFIX));
    }

    /** Whether the lease on {@code leased} covers the DATA_DIR entry named {@code entry}. */
    static boolean covers(String leased, String entry) {
        return entry.equals(leased) || entry.startsWith(leased + ".");
    }

    Path file() {
        return file;
    }

    /** Replaces this instance's lease by {@code leased}, atomically. */
    synchronized void publish(Collection<String> leased) throws IOException {
        List<String> copy = List.copyOf(leased);
        AtomicFiles.write(file, temp -> Files.write(temp, copy, StandardCharsets.UTF_8));
        names = copy;
    }

    /** The heartbeat: marks the lease as live, writing it again if another instance removed it as stale. */
    synchronized void refresh() throws IOException {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (NoSuchFileException e) {
            LOG.warning("The lease " + file + " was removed as stale (was this instance suspended for longer than "
                    + STALE_AFTER + "?); writing it again");
            publish(names);
        }
    }

    /** The names leased by the other live instances; stale leases are removed on the way. */
    Set<String> othersLive() throws IOException {
        Set<String> live = new HashSet<>();
        Instant staleBefore = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> leases = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path lease : leases) {
                if (!lease.equals(file)) {
                    readLive(lease, staleBefore, live);
                }
            }
        }
        return live;
    }

    private static void readLive(Path lease, Instant staleBefore, Set<String> live) throws IOException {
        try {
            Instant touched = Files.getLastModifiedTime(lease).toInstant();
            if (touched.isBefore(staleBefore)) {
                LOG.log(Level.INFO, "Removing the stale lease {0} (last refreshed {1})", new Object[] {lease, touched});
                Files.deleteIfExists(lease);
                return;
            }
            live.addAll(Files.readAllLines(lease, StandardCharsets.UTF_8));
        } catch (NoSuchFileException goneMeanwhile) {
            // its instance stopped while we listed the leases: it wants nothing any more
        }
    }

    /** Ends the lease: the instance no longer uses any file. */
    @Override
    public synchronized void close() throws IOException {
        Files.deleteIfExists(file);
    }
}

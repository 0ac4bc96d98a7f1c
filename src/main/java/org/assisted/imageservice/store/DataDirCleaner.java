package org.assisted.imageservice.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cleanup of DATA_DIR: removes every entry no live instance wants (old versions, old minimal-ISO templates,
 * interrupted downloads, unknown files and directories). An entry stays when a wanted name covers it ({@link
 * DataDirLeases#covers}: this instance's own names and every other live instance's lease), when it is the
 * service's own {@link DataDirLeases#META_DIR} or a {@link StagedFiles} temporary file (DATA_TEMP_DIR may be
 * DATA_DIR; those are removed once abandoned, by {@link StagedFiles#removeAbandoned}), or when it is a download temp
 * file or lock file whose {@link ImageFileLock} another instance holds. Unlike upstream, configured disconnected ISOs are wanted and kept.
 */
final class DataDirCleaner {
    private static final Logger LOG = Logger.getLogger(DataDirCleaner.class.getName());

    private DataDirCleaner() {
    }

    static void clean(Path dataDir, Set<String> wanted) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.equals(DataDirLeases.META_DIR) && !name.startsWith(StagedFiles.PREFIX)
                        && wanted.stream().noneMatch(w -> DataDirLeases.covers(w, name)) && !lockedElsewhere(entry)) {
                    LOG.log(Level.INFO, "Removing {0} from the data directory", entry);
                    deleteRecursively(entry);
                }
            }
        }
    }

    private static boolean lockedElsewhere(Path entry) throws IOException {
        Optional<Path> image = IsoDownloader.targetOfTempFile(entry).or(() -> ImageFileLock.lockedBy(entry));
        if (image.isEmpty() || !Files.exists(ImageFileLock.lockFile(image.get()))) {
            return false;
        }
        Optional<ImageFileLock> lock = ImageFileLock.tryAcquire(image.get());
        if (lock.isEmpty()) {
            LOG.log(Level.INFO, "Keeping {0}: another process is working on {1}", new Object[] {entry, image.get()});
            return true;
        }
        lock.get().close();
        return false;
    }

    /** Deletes a file, a symbolic link (not its target) or a directory tree. */
    private static void deleteRecursively(Path path) throws IOException {
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

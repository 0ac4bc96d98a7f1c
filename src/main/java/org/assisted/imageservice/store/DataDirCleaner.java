package org.assisted.imageservice.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The start-up cleanup of DATA_DIR: removes everything that does not belong to a configured image (old
 * versions, interrupted downloads, unknown files and directories). Unlike upstream it keeps configured
 * disconnected ISOs and caches derived from configured images, see {@link ImageCatalog#isKept}. A download
 * temp file or lock file whose {@link ImageFileLock} another instance sharing DATA_DIR holds is in use and stays.
 */
final class DataDirCleaner {
    private static final Logger LOG = Logger.getLogger(DataDirCleaner.class.getName());

    private DataDirCleaner() {
    }

    static void clean(ImageCatalog catalog) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(catalog.dataDir())) {
            for (Path entry : entries) {
                if (!catalog.isKept(entry.getFileName().toString()) && !lockedElsewhere(entry)) {
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

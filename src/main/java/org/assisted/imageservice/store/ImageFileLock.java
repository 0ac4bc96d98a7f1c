package org.assisted.imageservice.store;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An exclusive lock on one image file of DATA_DIR, so that service instances sharing DATA_DIR download and
 * validate each image once: an OS file lock on {@code <image file>.lock}. Acquisition polls instead of blocking
 * because within one JVM (two web applications on one DATA_DIR) the JDK reports a held lock as
 * {@link OverlappingFileLockException} rather than waiting; polling also keeps the wait interruptible.
 * The lock file is never deleted while a live instance wants its image (the image's name in a lease covers it, see
 * {@link DataDirLeases#covers}): deleting it would let a waiter lock an unlinked file while another instance creates
 * and locks a new one.
 */
final class ImageFileLock implements Closeable {
    static final String SUFFIX = ".lock";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final FileChannel channel;
    private final FileLock lock;

    private ImageFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @return {@code <target>.lock} next to {@code target} */
    static Path lockFile(Path target) {
        return target.resolveSibling(target.getFileName() + SUFFIX);
    }

    /** @return the image file a {@code <name>.lock} file locks, or empty for any other name */
    static Optional<Path> lockedBy(Path lockFile) {
        String name = lockFile.getFileName().toString();
        return name.endsWith(SUFFIX) && name.length() > SUFFIX.length()
                ? Optional.of(lockFile.resolveSibling(name.substring(0, name.length() - SUFFIX.length())))
                : Optional.empty();
    }

    /** @return the lock, or empty when another process or web application holds it */
    static Optional<ImageFileLock> tryAcquire(Path target) throws IOException {
        FileChannel channel = FileChannel.open(lockFile(target), CREATE, WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new ImageFileLock(channel, lock));
            }
        } catch (OverlappingFileLockException heldInThisJvm) {
            // another web application of this JVM holds it: wait like for another process
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return Optional.empty();
    }

    /**
     * Waits until the lock is free and takes it.
     *
     * @param onWait called once if the lock is held elsewhere
     * @throws InterruptedIOException when the thread is interrupted while waiting
     */
    static ImageFileLock acquire(Path target, Runnable onWait) throws IOException {
        Optional<ImageFileLock> lock = tryAcquire(target);
        if (lock.isEmpty()) {
            onWait.run();
        }
        while (lock.isEmpty()) {
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + lockFile(target));
            }
            lock = tryAcquire(target);
        }
        return lock.get();
    }

    /** Releases the lock; the lock file stays. */
    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        }
    }
}

package org.assisted.imageservice.rootfs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * A read-only filesystem image (squashfs or EROFS) read in place from a window of a larger file,
 * reading only the blocks a lookup needs.
 */
public interface FilesystemImage {

    /**
     * Depth-first search from the root, visiting directory entries in on-disk order; returns the
     * absolute path (e.g. {@code /usr/bin/nmstatectl}) of the first regular file whose name equals
     * {@code fileName}.
     */
    Optional<String> findRegularFile(String fileName) throws IOException;

    /**
     * Like {@link #findRegularFile(String)}, but returns the first match (same order) whose path ends
     * with {@code preferredPathSuffix}, e.g. {@code /usr/bin/nmstatectl}, when there is one, else the
     * first match. The default implementation applies no preference.
     */
    default Optional<String> findRegularFile(String fileName, String preferredPathSuffix) throws IOException {
        return findRegularFile(fileName);
    }

    /**
     * Writes the content of the regular file at {@code path} to {@code out} (which is not closed)
     * and returns the number of bytes written.
     */
    long copyFile(String path, OutputStream out) throws IOException;
}

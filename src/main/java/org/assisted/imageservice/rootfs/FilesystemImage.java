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
     * Depth-first search from the root, visiting directory entries in on-disk order (both formats store them
     * sorted by name), for regular files named exactly {@code fileName}. Returns the absolute path (e.g.
     * {@code /usr/bin/nmstatectl}) of the first match whose path ends with {@code preferredPathSuffix}, stopping
     * there; when no match has that suffix, the first match. Pass {@code "/" + fileName} for plain first-match.
     */
    Optional<String> findRegularFile(String fileName, String preferredPathSuffix) throws IOException;

    /**
     * Writes the content of the regular file at {@code path} to {@code out} (which is not closed)
     * and returns the number of bytes written.
     */
    long copyFile(String path, OutputStream out) throws IOException;
}

package org.assisted.imageservice.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Publishing a file so that readers see either the old content or the complete new one, never a part: the new
 * content is written to a temporary file in the target's directory and renamed over the target atomically.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes the content of a new file. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code file}, which exists and is empty. */
        void writeTo(Path file) throws IOException;
    }

    /**
     * Writes {@code content} to a hidden temporary file {@code .<target name><random>.tmp} beside {@code target}
     * and moves it over {@code target} ({@link #replace}). The temporary file is deleted on any failure, also an
     * unchecked one.
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            content.writeTo(temp);
            replace(temp, absolute);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
    }

    /**
     * Renames {@code source} to {@code target} atomically, replacing an existing {@code target}.
     *
     * @throws java.nio.file.AtomicMoveNotSupportedException if the two lie on different file systems
     */
    public static void replace(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

package org.assisted.imageservice.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The {@code sha256} of an OS_IMAGES entry (our extension): a file whose SHA-256 differs is not the configured
 * image. Reading the whole file costs one sequential read of it, at download and when a stored file is reused.
 */
final class Sha256Check {
    private static final int BUFFER_BYTES = 1 << 20;

    private Sha256Check() {
    }

    /**
     * @param name what the file is, for the message (a download's temp file is named after the image it becomes)
     * @throws InvalidImageException when the digest of {@code file} is not {@code expected}
     * @throws InterruptedIOException when the thread is interrupted (the store is closing)
     */
    static void verify(Path file, String expected, String name) throws IOException, InvalidImageException {
        String actual = digest(file);
        if (!actual.equals(expected)) {
            throw new InvalidImageException("the SHA-256 of " + name + " is " + actual
                    + ", but OS_IMAGES names " + expected);
        }
    }

    private static String digest(Path file) throws IOException {
        MessageDigest digest = MinimalIsoCacheKey.sha256();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while hashing " + file);
                }
                digest.update(buffer.flip());
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

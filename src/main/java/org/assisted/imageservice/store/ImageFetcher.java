package org.assisted.imageservice.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.assisted.imageservice.coreos.IsoLayout;

/**
 * One attempt to make an image available: reuse a valid stored file, else download and validate it. An entry with
 * a {@code sha256} is verified too, before the download is published and when a stored file is reused. The
 * attempt holds the image's {@link ImageFileLock}, so an instance sharing DATA_DIR waits for a running download
 * and then reuses its result instead of downloading again or reading a half-written file.
 */
final class ImageFetcher {
    private static final Logger LOG = Logger.getLogger(ImageFetcher.class.getName());

    private final IsoDownloader downloader;
    private final IsoValidator validator;

    ImageFetcher(IsoDownloader downloader, IsoValidator validator) {
        this.downloader = downloader;
        this.validator = validator;
    }

    /**
     * @throws InvalidImageException when the downloaded file is not a usable image (it has been deleted before it
     *                               was stored under the image's name)
     * @throws IOException           on download errors; {@link java.io.InterruptedIOException} when cancelled
     */
    @SuppressWarnings("try") // the lock is held, not used, inside the block
    ReadyImage fetch(ImageSlot slot) throws IOException, InvalidImageException {
        try (ImageFileLock lock = ImageFileLock.acquire(slot.path(), () -> LOG.log(Level.INFO,
                "Waiting for another process that holds {0}", ImageFileLock.lockFile(slot.path())))) {
            return fetchLocked(slot);
        }
    }

    private ReadyImage fetchLocked(ImageSlot slot) throws IOException, InvalidImageException {
        String arch = slot.key().arch();
        if (Files.exists(slot.path())) {
            try {
                IsoLayout layout = validator.validate(slot.path(), arch);
                verifySha256(slot, slot.path());
                return new ReadyImage(slot.path(), layout);
            } catch (InvalidImageException e) {
                LOG.log(Level.WARNING, "Stored image is invalid, downloading it again: {0}", e.getMessage());
                Files.deleteIfExists(slot.path());
            }
        }
        slot.progress(0, -1, 0);
        // Validated before the move: the image's name never holds a file that is not a valid image.
        AtomicReference<IsoLayout> layout = new AtomicReference<>();
        downloader.download(URI.create(slot.source().url()), slot.path(), slot::progress,
                temp -> {
                    verifySha256(slot, temp);
                    layout.set(validator.validate(temp, slot.path(), arch));
                });
        return new ReadyImage(slot.path(), layout.get());
    }

    private static void verifySha256(ImageSlot slot, Path file) throws IOException, InvalidImageException {
        if (slot.source().sha256().isPresent()) {
            Sha256Check.verify(file, slot.source().sha256().get(), slot.path().getFileName().toString());
        }
    }
}

package org.assisted.imageservice.store;

import java.io.IOException;

import org.assisted.imageservice.config.OsImageEntry;

/**
 * Work done per image after it is stored and valid and before it is marked ready (caches derived from the
 * ISO). Runs on an image-store thread; an exception fails the attempt, which is retried with backoff, so
 * implementations must be idempotent. Files it writes in DATA_DIR must be covered by a name of {@link
 * ImageCatalog#wantedNames} or the cleanup deletes them; they are written in DATA_TEMP_DIR and published with
 * {@link StagedFiles#publish}. A full ISO's minimal-ISO template is built after all of its
 * post-processors have run, so it can embed what they cache (the nmstate archive at
 * {@link ImageCatalog#nmstatectlPath}).
 */
@FunctionalInterface
public interface ImagePostProcessor {
    /**
     * @param source the entry the image was downloaded from (the one kept by deduplication)
     * @param image  the stored ISO
     */
    void process(OsImageEntry source, ReadyImage image) throws IOException;
}

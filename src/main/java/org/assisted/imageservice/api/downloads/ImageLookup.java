package org.assisted.imageservice.api.downloads;

import java.util.Optional;

import org.assisted.imageservice.api.errors.NotReadyException;
import org.assisted.imageservice.api.errors.TextErrorException;
import org.assisted.imageservice.api.errors.UnknownImageException;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.store.ImageStore;
import org.assisted.imageservice.store.Lookup;
import org.assisted.imageservice.store.ReadyImage;

/** Maps the image store's lookup outcomes onto the exceptions the HTTP layer answers. */
public final class ImageLookup {

    private final ImageStore store;

    public ImageLookup(ImageStore store) {
        this.store = store;
    }

    /**
     * @throws UnknownImageException no configured entry has this version for this architecture
     * @throws TextErrorException    404 when no image of this type exists for the version
     * @throws NotReadyException     the image is configured but not stored yet
     */
    public ReadyImage require(String version, String arch, ImageType type)
            throws UnknownImageException, TextErrorException, NotReadyException {
        return requireEntry(version, arch, type).image();
    }

    /** The stored image when it is ready, else empty (whatever the reason {@link #require} would give). */
    public Optional<ReadyImage> ready(String version, String arch, ImageType type) {
        return store.ready(version, arch, type);
    }

    /**
     * Like {@link #require}, also returning the configured entry the version resolved to (its
     * {@code openshift_version} decides nmstate eligibility).
     */
    public Lookup.Ready requireEntry(String version, String arch, ImageType type)
            throws UnknownImageException, TextErrorException, NotReadyException {
        Lookup lookup = store.lookup(version, arch, type);
        if (lookup instanceof Lookup.Ready ready) {
            return ready;
        }
        if (lookup instanceof Lookup.NotReady notReady) {
            throw new NotReadyException(type + " " + notReady.entry().version() + " " + arch);
        }
        if (lookup instanceof Lookup.NotConfigured notConfigured) {
            throw new TextErrorException(404, notConfigured.reason());
        }
        throw new UnknownImageException(version, arch);
    }

    public boolean isReady() {
        return store.readiness().isReady();
    }
}

package org.assisted.imageservice.store;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;

/** The answer to "which stored image serves this version, architecture and type?" at request time. */
public sealed interface Lookup {

    /** No configured entry has this version (RHCOS or OpenShift) for this architecture. */
    record Unknown(String versionKey, String arch) implements Lookup {
    }

    /**
     * The version is known but no image of this type is configured for it (e.g. no disconnected ISO, no minimal ISO
     * for s390x or without IMAGE_SERVICE_BASE_URL).
     *
     * @param reason a sentence for the client saying why
     */
    record NotConfigured(OsImageEntry entry, ImageType type, String reason) implements Lookup {
    }

    /** The image is configured but not downloaded and validated yet. */
    record NotReady(OsImageEntry entry, ImageType type, ImageState state) implements Lookup {
    }

    /** The image can be served. */
    record Ready(OsImageEntry entry, ReadyImage image) implements Lookup {
    }
}

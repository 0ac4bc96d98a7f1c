package org.assisted.imageservice.store;

import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;

/**
 * The answer to "which stored image serves this version, architecture and type?" at request time
 * (docs/upstream-behaviour.md#image-lookup). Consumers handle it with {@link #match}, which stands in for a pattern
 * {@code switch} at this build's Java 17 language level: an outcome added here must be handled by every
 * {@link Cases}, or the build fails.
 */
public sealed interface Lookup {

    /** Calls the method of {@code cases} for this outcome. */
    <R, X extends Exception> R match(Cases<R, X> cases) throws X;

    /**
     * One method per outcome; each consumer says what every outcome means for it.
     *
     * @param <X> what the consumer throws for the outcomes it refuses
     */
    interface Cases<R, X extends Exception> {
        R unknown(Unknown lookup) throws X;

        R notConfigured(NotConfigured lookup) throws X;

        R notReady(NotReady lookup) throws X;

        R ready(Ready lookup) throws X;
    }

    /** No configured entry has this version (RHCOS or OpenShift) for this architecture. */
    record Unknown(String versionKey, String arch) implements Lookup {
        @Override
        public <R, X extends Exception> R match(Cases<R, X> cases) throws X {
            return cases.unknown(this);
        }
    }

    /**
     * The version is known but no image of this type is configured for it (e.g. no disconnected ISO, no minimal ISO
     * for s390x or without IMAGE_SERVICE_BASE_URL).
     *
     * @param reason a sentence for the client saying why
     */
    record NotConfigured(OsImageEntry entry, ImageType type, String reason) implements Lookup {
        @Override
        public <R, X extends Exception> R match(Cases<R, X> cases) throws X {
            return cases.notConfigured(this);
        }
    }

    /** The image is configured but not downloaded and validated yet. */
    record NotReady(OsImageEntry entry, ImageType type, ImageState state) implements Lookup {
        @Override
        public <R, X extends Exception> R match(Cases<R, X> cases) throws X {
            return cases.notReady(this);
        }
    }

    /** The image can be served. */
    record Ready(OsImageEntry entry, ReadyImage image) implements Lookup {
        @Override
        public <R, X extends Exception> R match(Cases<R, X> cases) throws X {
            return cases.ready(this);
        }
    }
}

package org.assisted.imageservice.api.errors;

import java.util.Objects;
import java.util.Optional;

import org.assisted.imageservice.assisted.UpstreamException;
import org.assisted.imageservice.assisted.UpstreamResponseException;
import org.assisted.imageservice.assisted.UpstreamStatusException;
import org.assisted.imageservice.assisted.UpstreamTimeoutException;
import org.assisted.imageservice.assisted.UpstreamUnavailableException;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.config.OsImageEntry;
import org.assisted.imageservice.coreos.EmbedAreaTooSmallException;
import org.assisted.imageservice.coreos.KargsNotSupportedException;

/**
 * Every way a request to the image routes fails with one of upstream's error answers
 * (docs/upstream-behaviour.md#error-bodies): each record is the data of one answer, never a {@code Response}.
 * Resources and download services throw it inside an {@link ApiException}; {@link ApiExceptionMapper} turns it into
 * the status, headers and body, one {@link Cases} method per record.
 *
 * <p>The family is sealed over records declared here because a sealed type of an unnamed module (this WAR) may only
 * permit types of its own package, and the domain packages must not depend on this one. Their exceptions
 * ({@code UpstreamException} of {@code assisted}, {@code EmbedAreaTooSmallException} and
 * {@code KargsNotSupportedException} of {@code iso}) are therefore translated where the download services call the
 * domain code, {@code IsoDownloads} for the ISO routes and {@code PxeInitrds} for the PXE routes, and the image
 * store's {@code Lookup} outcomes where each consumer matches them. Anything else is a bug answered by
 * {@link LoggingExceptionMapper}; Jersey's own errors go to {@link WebApplicationExceptionMapper}.
 *
 * <p>{@link #match} stands in for a pattern {@code switch}, which the Java 17 language level of this build lacks: a
 * record added here must be handled by every {@link Cases}, or the build fails.
 */
public sealed interface ApiError {

    /** Calls the method of {@code cases} for this record. */
    <R> R match(Cases<R> cases);

    /** One method per record of the family; implementing it handles every error. */
    interface Cases<R> {
        R text(TextError error);

        R rawText(RawTextError error);

        R unknownImage(UnknownImage error);

        R notReady(NotReady error);

        R assistedServiceFailure(AssistedServiceFailure error);

        R embedAreaTooSmall(EmbedAreaTooSmall error);

        R kargsNotSupported(KargsNotSupported error);
    }

    /**
     * Upstream's text error: the message plus a newline, {@code text/plain; charset=utf-8}, {@code nosniff}. A request
     * refused this way is logged at debug level only.
     */
    record TextError(int status, String message) implements ApiError {
        public TextError {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.text(this);
        }
    }

    /**
     * A parse error of an ISO URL, which upstream writes as it is, without the newline of a text error
     * (docs/upstream-behaviour.md#iso-request-parameters); headers and logging as for {@link TextError}.
     */
    record RawTextError(int status, String message) implements ApiError {
        public RawTextError {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.rawText(this);
        }
    }

    /**
     * No configured image has this version for this architecture on the ISO routes: upstream's router answers
     * {@code 404 page not found} (docs/upstream-behaviour.md#iso-processing-steps, step 1).
     */
    record UnknownImage(String version, String arch) implements ApiError {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.unknownImage(this);
        }
    }

    /**
     * The image of this type for this configured entry is not downloaded (or built) yet: 503 with {@code Retry-After}
     * and an empty body (docs/upstream-behaviour.md#readiness).
     */
    record NotReady(ImageType type, OsImageEntry entry) implements ApiError {
        @Override
        public <R> R match(Cases<R> cases) {
            return cases.notReady(this);
        }
    }

    /**
     * An assisted-service call failed (docs/upstream-behaviour.md#assisted-service-errors): answered with
     * {@link #status()}, an empty body on the ISO routes, a text error carrying {@code message} on the PXE routes.
     * The failure's message is already redacted by the client.
     */
    record AssistedServiceFailure(UpstreamException failure, Optional<String> message) implements ApiError {
        public AssistedServiceFailure {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(message, "message");
        }

        /** The status upstream passes on: assisted-service's own, 504, 502, or 500 for an unusable answer. */
        public int status() {
            if (failure instanceof UpstreamStatusException s) {
                return s.status();
            }
            if (failure instanceof UpstreamTimeoutException) {
                return 504;
            }
            if (failure instanceof UpstreamUnavailableException) {
                return 502;
            }
            if (failure instanceof UpstreamResponseException) {
                return 500;
            }
            throw new IllegalStateException("unexpected " + failure.getClass());
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.assistedServiceFailure(this);
        }
    }

    /**
     * Ignition, ramdisk or kernel arguments longer than their embed area: a 400 text error naming the sizes, where
     * upstream answers an empty 500 (docs/upstream-behaviour.md#iso-processing-steps, step 6).
     */
    record EmbedAreaTooSmall(EmbedAreaTooSmallException failure) implements ApiError {
        public EmbedAreaTooSmall {
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.embedAreaTooSmall(this);
        }
    }

    /** Kernel arguments requested for a base image without a kernel-argument embed area: 400. */
    record KargsNotSupported(KargsNotSupportedException failure) implements ApiError {
        public KargsNotSupported {
            Objects.requireNonNull(failure, "failure");
        }

        @Override
        public <R> R match(Cases<R> cases) {
            return cases.kargsNotSupported(this);
        }
    }
}

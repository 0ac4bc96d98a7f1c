package org.assisted.imageservice.api.downloads;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.assisted.imageservice.api.errors.ApiError;
import org.assisted.imageservice.api.errors.ApiException;
import org.assisted.imageservice.assisted.AssistedServiceClient;
import org.assisted.imageservice.assisted.Credential;
import org.assisted.imageservice.assisted.DiscoveryInputs;
import org.assisted.imageservice.assisted.FetchRequest;
import org.assisted.imageservice.assisted.UpstreamException;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.coreos.EmbedArea;
import org.assisted.imageservice.coreos.EmbedAreaTooSmallException;
import org.assisted.imageservice.coreos.IgnitionArchive;
import org.assisted.imageservice.coreos.IsoCustomizer;
import org.assisted.imageservice.coreos.IsoLayout;
import org.assisted.imageservice.coreos.KargsNotSupportedException;
import org.assisted.imageservice.coreos.RhcosPaths;
import org.assisted.imageservice.http.DownloadAnswer;
import org.assisted.imageservice.http.DownloadMetadata;
import org.assisted.imageservice.http.DownloadResponses;
import org.assisted.imageservice.http.RequestHeaders;
import org.assisted.imageservice.iso.IsoFormatException;
import org.assisted.imageservice.overlay.Overlay;
import org.assisted.imageservice.overlay.OverlayPlan;
import org.assisted.imageservice.store.ImageStore;
import org.assisted.imageservice.store.Lookup;
import org.assisted.imageservice.store.ReadyImage;

/**
 * The ISO download shared by the long and the short URLs (docs/upstream-behaviour.md#iso-processing-steps): resolve the
 * stored image, fetch ignition, ramdisk and kernel arguments from assisted-service in parallel, turn them into overlays
 * of the stored file, and answer with Range and conditional-request semantics. Everything is decided here; the response
 * only copies. This is where the ISO routes turn the image store's lookup outcomes and the domain exceptions of
 * assisted-service calls and embed areas into their {@link ApiError}s.
 */
public final class IsoDownloads {

    /** The ISO routes' answer to each lookup outcome (docs/upstream-behaviour.md#iso-processing-steps, step 1). */
    private static final Lookup.Cases<ReadyImage, ApiException> STORED_ISO = new Lookup.Cases<>() {
        @Override
        public ReadyImage unknown(Lookup.Unknown lookup) throws ApiException {
            throw new ApiException(new ApiError.UnknownImage(lookup.versionKey(), lookup.arch()));
        }

        @Override
        public ReadyImage notConfigured(Lookup.NotConfigured lookup) throws ApiException {
            throw new ApiException(new ApiError.TextError(404, lookup.reason()));
        }

        @Override
        public ReadyImage notReady(Lookup.NotReady lookup) throws ApiException {
            throw new ApiException(new ApiError.NotReady(lookup.type(), lookup.entry()));
        }

        @Override
        public ReadyImage ready(Lookup.Ready lookup) {
            return lookup.image();
        }
    };

    private final ImageStore store;
    private final AssistedServiceClient assistedService;
    private final ReusedAnswers<Key, Decided> decided;

    /** What identifies a decision: the whole request with the credential's digest, and the stored file it used. */
    private record Key(String imageId, String version, String arch, ImageType type, Path image,
                       Optional<Credential.Digest> credential) {
    }

    /** A decision: the ISO's plan (its ignition archive built once) and its response metadata. */
    private record Decided(OverlayPlan plan, DownloadMetadata meta) {
    }

    /** @param reuse how long a decision is reused for the same request (ASSISTED_SERVICE_CACHE_SECONDS); zero = never */
    public IsoDownloads(ImageStore store, AssistedServiceClient assistedService, Duration reuse) {
        this.store = store;
        this.assistedService = assistedService;
        this.decided = new ReusedAnswers<>(reuse, ReusedAnswers.ROUTE_LIMITS, d -> d.plan().overlayBytes());
    }

    public Response serve(IsoRequest iso, Request request, HttpHeaders headers) throws Exception {
        ReadyImage image = store.lookup(iso.version(), iso.arch(), iso.type()).match(STORED_ISO);
        Decided decision = decided.get(key(iso, image), () -> iso.credential().flatMap(Credential::expiry),
                () -> decide(iso, image));
        return answer(decision, request.getMethod(), RequestHeaders.of(headers)).toResponse();
    }

    /**
     * The answer {@link #serve} would give when its decision is already kept for this request (same image,
     * route and credential, within ASSISTED_SERVICE_CACHE_SECONDS), else empty: no assisted-service call, no
     * waiting for a load in flight, no exception for an image that is not ready (then {@link #serve} answers).
     */
    public Optional<DownloadAnswer> reused(IsoRequest iso, String method, RequestHeaders headers) {
        return store.ready(iso.version(), iso.arch(), iso.type())
                .flatMap(image -> decided.kept(key(iso, image)))
                .map(decision -> answer(decision, method, headers));
    }

    private static Key key(IsoRequest iso, ReadyImage image) {
        return new Key(iso.imageId(), iso.version(), iso.arch(), iso.type(), image.path(),
                iso.credential().map(Credential::digest));
    }

    private static DownloadAnswer answer(Decided decision, String method, RequestHeaders headers) {
        return DownloadResponses.decide(method, headers, decision.plan(), decision.meta());
    }

    private Decided decide(IsoRequest iso, ReadyImage image) throws ApiException, IsoFormatException {
        DiscoveryInputs inputs;
        try {
            inputs = assistedService.fetch(FetchRequest.forIso(iso.imageId(), iso.credential(), iso.type()));
        } catch (UpstreamException e) {
            throw new ApiException(new ApiError.AssistedServiceFailure(e, Optional.empty()));
        }
        if (inputs.kernelArguments().isPresent() && RhcosPaths.S390X.equals(iso.arch())) {
            throw new ApiException(new ApiError.TextError(400, "kargs cannot be modified in s390x architecture ISOs"));
        }
        OverlayPlan plan;
        try {
            plan = plan(image, iso.type(), inputs);
        } catch (EmbedAreaTooSmallException e) {
            throw new ApiException(new ApiError.EmbedAreaTooSmall(e));
        } catch (KargsNotSupportedException e) {
            throw new ApiException(new ApiError.KargsNotSupported(e));
        }
        return new Decided(plan, new DownloadMetadata(lastModified(inputs), fileName(iso),
                MediaType.APPLICATION_OCTET_STREAM_TYPE));
    }

    private static OverlayPlan plan(ReadyImage image, ImageType type, DiscoveryInputs inputs)
            throws EmbedAreaTooSmallException, KargsNotSupportedException, IsoFormatException {
        IsoLayout layout = image.layout();
        long areaLength = layout.ignitionArea().map(EmbedArea::length).orElse(Long.MAX_VALUE);
        byte[] archive = IgnitionArchive.of(inputs.ignition().content(), areaLength);
        Optional<byte[]> ramdisk = type == ImageType.MINIMAL_ISO ? inputs.ramdisk() : Optional.empty();
        List<Overlay> overlays = IsoCustomizer.overlays(layout, archive, ramdisk, inputs.kernelArguments());
        return OverlayPlan.of(image.path(), 0, layout.size(), overlays);
    }

    /**
     * The ignition response's Last-Modified, else now (docs/upstream-behaviour.md#iso-response-headers), at second
     * precision.
     */
    static Instant lastModified(DiscoveryInputs inputs) {
        return inputs.ignition().lastModified().orElseGet(Instant::now).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String fileName(IsoRequest iso) {
        return iso.type() == ImageType.DISCONNECTED_ISO
                ? "agent-ove." + iso.arch() + ".iso"
                : iso.imageId() + "-discovery.iso";
    }
}

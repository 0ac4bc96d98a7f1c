package org.assisted.imageservice.api.downloads;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.assisted.imageservice.api.errors.ApiError;
import org.assisted.imageservice.api.errors.ApiException;
import org.assisted.imageservice.api.errors.Printable;
import org.assisted.imageservice.assisted.AssistedServiceClient;
import org.assisted.imageservice.assisted.Credential;
import org.assisted.imageservice.assisted.DiscoveryInputs;
import org.assisted.imageservice.assisted.FetchRequest;
import org.assisted.imageservice.assisted.UpstreamCall;
import org.assisted.imageservice.assisted.UpstreamException;
import org.assisted.imageservice.assisted.UpstreamStatusException;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.coreos.EmbedAreaTooSmallException;
import org.assisted.imageservice.coreos.IgnitionArchive;
import org.assisted.imageservice.coreos.RhcosPaths;
import org.assisted.imageservice.http.DownloadMetadata;
import org.assisted.imageservice.http.DownloadResponses;
import org.assisted.imageservice.io.ChannelIo;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.overlay.Overlay;
import org.assisted.imageservice.overlay.OverlayPlan;
import org.assisted.imageservice.store.ImageStore;
import org.assisted.imageservice.store.Lookup;
import org.assisted.imageservice.store.NmstateCache;

/**
 * The PXE initrd and the s390x initrd addrsize (docs/upstream-behaviour.md#pxe-initrd-route, #s390x-addrsize-route,
 * #pxe-initrd-composition and #s390x-addrsize-format). The initrd is a plan, never a buffer: the window of
 * {@code images/pxeboot/initrd.img} in the stored full ISO, then the ignition archive and the ramdisk as in-memory
 * overlays, then the cached nmstate archive as an appended file window. Errors are text bodies; assisted-service URLs
 * in them have {@code api_key} masked. This is where the PXE routes turn the image store's lookup outcomes and
 * failed assisted-service calls into their {@link ApiError}s.
 */
public final class PxeInitrds {

    /** The load address at the start of {@code initrd.addrsize}, a big-endian u64. */
    private static final int ADDRESS_BYTES = 8;

    /** The PXE routes' answer to each lookup outcome of the full ISO (docs/upstream-behaviour.md#pxe-initrd-route). */
    private static final Lookup.Cases<Lookup.Ready, ApiException> FULL_ISO = new Lookup.Cases<>() {
        @Override
        public Lookup.Ready unknown(Lookup.Unknown lookup) throws ApiException {
            throw new ApiException(new ApiError.TextError(400, "version for " + Printable.of(lookup.versionKey())
                    + " " + Printable.of(lookup.arch()) + ", not found "));
        }

        @Override
        public Lookup.Ready notConfigured(Lookup.NotConfigured lookup) throws ApiException {
            throw new ApiException(new ApiError.TextError(500, "failed to get initrd: " + lookup.reason()));
        }

        @Override
        public Lookup.Ready notReady(Lookup.NotReady lookup) throws ApiException {
            throw new ApiException(new ApiError.NotReady(lookup.type(), lookup.entry()));
        }

        @Override
        public Lookup.Ready ready(Lookup.Ready lookup) {
            return lookup;
        }
    };

    private final ImageStore store;
    private final AssistedServiceClient assistedService;
    private final NmstateCache nmstate;
    private final ReusedAnswers<Key, Initrd> composed;

    /** @param reuse how long a composed initrd is reused for the same request (ASSISTED_SERVICE_CACHE_SECONDS) */
    public PxeInitrds(ImageStore store, AssistedServiceClient assistedService, NmstateCache nmstate,
                      Duration reuse) {
        this.store = store;
        this.assistedService = assistedService;
        this.nmstate = nmstate;
        this.composed = new ReusedAnswers<>(reuse, ReusedAnswers.ROUTE_LIMITS, i -> i.plan().overlayBytes());
    }

    /** What identifies a composed initrd: the request with the credential's digest, and the stored ISO it used. */
    private record Key(String imageId, String version, String arch, Path image,
                       Optional<Credential.Digest> credential) {
    }

    /** The composed initrd (its ignition archive built once) and the ignition's Last-Modified. */
    private record Initrd(Lookup.Ready lookup, OverlayPlan plan, Instant lastModified) {
    }

    public Response serveInitrd(String imageId, String version, String arch, Optional<Credential> credential,
            Request request, HttpHeaders headers) throws Exception {
        Initrd initrd = compose(imageId, version, arch, credential);
        DownloadMetadata meta = new DownloadMetadata(initrd.lastModified(), imageId + "-initrd.img", MediaType.APPLICATION_OCTET_STREAM_TYPE);
        return DownloadResponses.build(request, headers, initrd.plan(), meta);
    }

    /** 16 bytes: the ISO's initrd load address, then the big-endian length of the s390x PXE initrd. */
    public Response serveAddrsize(String imageId, String version, Optional<Credential> credential,
            Request request, HttpHeaders headers) throws Exception {
        Initrd initrd = compose(imageId, version, RhcosPaths.S390X, credential);
        ByteBuffer content = ByteBuffer.allocate(2 * ADDRESS_BYTES);
        content.put(loadAddress(initrd.lookup())).putLong(initrd.plan().length());
        DownloadMetadata meta = new DownloadMetadata(initrd.lastModified(), imageId + "-initrd.addrsize", MediaType.APPLICATION_OCTET_STREAM_TYPE);
        return DownloadResponses.build(request, headers, OverlayPlan.ofBytes(content.array()), meta);
    }

    private Initrd compose(String imageId, String version, String arch, Optional<Credential> credential)
            throws Exception {
        if (version == null || version.isEmpty()) {
            throw new ApiException(new ApiError.TextError(400, "'version' parameter required for initrd download"));
        }
        Lookup.Ready lookup = store.lookup(version, arch, ImageType.FULL_ISO).match(FULL_ISO);
        Key key = new Key(imageId, version, arch, lookup.image().path(), credential.map(Credential::digest));
        return composed.get(key, () -> credential.flatMap(Credential::expiry),
                () -> compose(imageId, credential, lookup));
    }

    private Initrd compose(String imageId, Optional<Credential> credential, Lookup.Ready lookup)
            throws ApiException, IOException {
        DiscoveryInputs inputs;
        try {
            inputs = assistedService.fetch(FetchRequest.forPxe(imageId, credential));
        } catch (UpstreamException e) {
            throw new ApiException(new ApiError.AssistedServiceFailure(e, Optional.of(upstreamText(e))));
        }
        IsoFile base = lookup.image().layout().file(RhcosPaths.INITRD_PATH).orElseThrow(() -> new ApiException(
                new ApiError.TextError(500, "failed to get initrd: " + RhcosPaths.INITRD_PATH + " not found in "
                        + lookup.image().path().getFileName())));
        byte[] ignition;
        try {
            ignition = IgnitionArchive.of(inputs.ignition().content(), Long.MAX_VALUE);
        } catch (EmbedAreaTooSmallException e) {
            throw new IllegalStateException("an unbounded archive cannot exceed its bound", e);
        }
        List<Overlay> overlays = new ArrayList<>(List.of(new Overlay(base.size(), ignition)));
        inputs.ramdisk().ifPresent(ramdisk -> overlays.add(new Overlay(base.size() + ignition.length, ramdisk)));
        OverlayPlan plan = OverlayPlan.of(lookup.image().path(), base.offset(), base.size(), overlays);
        if (inputs.ramdisk().isPresent()) {
            Optional<Path> archive = nmstate.archive(lookup.entry());
            if (archive.isPresent()) {
                plan = plan.append(archive.get(), nmstateSize(archive.get()));
            }
        }
        return new Initrd(lookup, plan, IsoDownloads.lastModified(inputs));
    }

    /**
     * Upstream's texts; the status is passed through as for the ISO routes. Only the ramdisk text drops the
     * call's name, as upstream's does.
     */
    private static String upstreamText(UpstreamException e) {
        if (e.call() == UpstreamCall.IGNITION) {
            return "error retrieving ignition content: " + e.getMessage();
        }
        String detail = e instanceof UpstreamStatusException s
                ? "request to " + s.redactedUrl() + " returned status " + s.status()
                : e.getMessage();
        return "error retrieving ramdisk content: " + detail;
    }

    private static long nmstateSize(Path archive) throws ApiException, IOException {
        try {
            return Files.size(archive);
        } catch (NoSuchFileException e) {
            throw new ApiException(new ApiError.TextError(500, "failed to read nmstate img: " + archive.getFileName()
                    + " not found"));
        }
    }

    private static byte[] loadAddress(Lookup.Ready lookup) throws ApiException, IOException {
        Path iso = lookup.image().path();
        IsoFile addrsize = lookup.image().layout().file(RhcosPaths.ADDRSIZE_PATH).orElseThrow(() -> new ApiException(
                new ApiError.TextError(500, "Failed to get initrd.addrsize: " + RhcosPaths.ADDRSIZE_PATH + " not found in "
                        + iso.getFileName())));
        if (addrsize.size() < ADDRESS_BYTES) {
            throw new ApiException(new ApiError.TextError(500, "Failed to get initrd.addrsize: " + RhcosPaths.ADDRSIZE_PATH
                    + " has " + addrsize.size() + " bytes, fewer than " + ADDRESS_BYTES));
        }
        ByteBuffer address = ByteBuffer.allocate(ADDRESS_BYTES);
        try (FileChannel channel = FileChannel.open(iso, StandardOpenOption.READ)) {
            ChannelIo.readFully(channel, address, addrsize.offset(), at -> new ApiException(new ApiError.TextError(
                    500, "Failed to get initrd.addrsize: " + iso.getFileName() + " ends inside "
                            + RhcosPaths.ADDRSIZE_PATH)));
        }
        return address.array();
    }
}

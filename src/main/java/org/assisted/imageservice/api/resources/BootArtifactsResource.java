package org.assisted.imageservice.api.resources;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.api.downloads.BootArtifact;
import org.assisted.imageservice.api.errors.ApiError;
import org.assisted.imageservice.api.errors.ApiException;
import org.assisted.imageservice.api.errors.Printable;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.coreos.RhcosPaths;
import org.assisted.imageservice.http.DownloadMetadata;
import org.assisted.imageservice.http.DownloadResponses;
import org.assisted.imageservice.iso.IsoFile;
import org.assisted.imageservice.overlay.OverlayPlan;
import org.assisted.imageservice.store.ImageStore;
import org.assisted.imageservice.store.Lookup;
import org.assisted.imageservice.store.ReadyImage;

/**
 * {@code /boot-artifacts/{artifact}?version=&arch=} (docs/upstream-behaviour.md#boot-artifacts-route): rootfs, kernel
 * or the s390x {@code generic.ins}, streamed from the stored full ISO with Range and conditional-request semantics. No
 * assisted-service call. Other methods than GET and HEAD are refused by {@code BootArtifactsMethodFilter}; HEAD is
 * declared for the reason given on {@link IsoResource}.
 */
@Singleton
@Path(Routes.BOOT_ARTIFACTS)
public final class BootArtifactsResource {

    private static final String QUERY_ERROR = "Failed to parse query parameters: ";
    private static final String ARTIFACT_ERROR = "Failed to parse artifact: ";
    private static final MediaType TEXT_TYPE = MediaType.valueOf("text/plain; charset=utf-8");

    /** This route's answer to each lookup outcome of the full ISO (docs/upstream-behaviour.md#boot-artifacts-route). */
    private static final Lookup.Cases<ReadyImage, ApiException> FULL_ISO = new Lookup.Cases<>() {
        @Override
        public ReadyImage unknown(Lookup.Unknown lookup) throws ApiException {
            throw new ApiException(new ApiError.TextError(400, QUERY_ERROR + "version for "
                    + Printable.of(lookup.versionKey()) + " " + Printable.of(lookup.arch()) + ", not found"));
        }

        @Override
        public ReadyImage notConfigured(Lookup.NotConfigured lookup) throws ApiException {
            throw new ApiException(new ApiError.TextError(500, "Error creating file reader stream: "
                    + lookup.reason()));
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

    @Inject
    public BootArtifactsResource(ImageStore store) {
        this.store = store;
    }

    @GET
    @Path(Routes.ARTIFACT)
    public Response get(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        String artifact = uri.getPathParameters().getFirst("artifact");
        String version = uri.getQueryParameters().getFirst("version");
        String arch = uri.getQueryParameters().getFirst("arch");
        String resolvedArch = arch == null || arch.isEmpty() ? RhcosPaths.DEFAULT_ARCH : arch;
        ReadyImage image = resolve(version, resolvedArch);
        BootArtifact kind = BootArtifact.fromWireName(artifact).orElseThrow(() -> new ApiException(
                new ApiError.TextError(404, ARTIFACT_ERROR + "malformed download path: /boot-artifacts/"
                        + Printable.of(artifact))));
        if (kind == BootArtifact.INS_FILE && !RhcosPaths.S390X.equals(resolvedArch)) {
            throw new ApiException(new ApiError.TextError(404, ARTIFACT_ERROR + "ins-file is only available for the "
                    + "s390x architecture. Current arch: " + Printable.of(resolvedArch)));
        }
        IsoFile file = find(image, kind, resolvedArch);
        DownloadMetadata meta = new DownloadMetadata(modified(image), kind.fileName(),
                kind == BootArtifact.INS_FILE ? TEXT_TYPE : MediaType.APPLICATION_OCTET_STREAM_TYPE);
        OverlayPlan plan = OverlayPlan.of(image.path(), file.offset(), file.size(), List.of());
        return DownloadResponses.build(request, headers, plan, meta);
    }

    @HEAD
    @Path(Routes.ARTIFACT)
    public Response head(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return get(uri, request, headers);
    }

    private ReadyImage resolve(String version, String arch) throws ApiException {
        if (version == null || version.isEmpty()) {
            throw new ApiException(new ApiError.TextError(400, QUERY_ERROR + "'version' parameter required"));
        }
        return store.lookup(version, arch, ImageType.FULL_ISO).match(FULL_ISO);
    }

    private static IsoFile find(ReadyImage image, BootArtifact kind, String arch) throws ApiException {
        return image.layout().file(kind.isoPath())
                .or(() -> kind.s390xFallback().filter(f -> RhcosPaths.S390X.equals(arch))
                        .flatMap(fallback -> image.layout().file(fallback)))
                .orElseThrow(() -> new ApiException(new ApiError.TextError(500, "Error creating file reader stream: "
                        + kind.isoPath() + " not found in " + image.path().getFileName())));
    }

    private static Instant modified(ReadyImage image) throws IOException {
        return Files.getLastModifiedTime(image.path()).toInstant();
    }
}

package org.assisted.imageservice.api.resources;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Optional;

import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.api.downloads.PxeInitrds;
import org.assisted.imageservice.assisted.Credential;
import org.assisted.imageservice.assisted.RequestCredentials;
import org.assisted.imageservice.coreos.RhcosPaths;

/**
 * {@code /images/{image_id}/pxe-initrd?version=&arch=} and {@code /images/{image_id}/s390x-initrd-addrsize?version=}
 * (docs/upstream-behaviour.md#pxe-initrd-route and #s390x-addrsize-route). GET and HEAD only; other methods get
 * Jersey's 405. HEAD is declared for the reason given on {@link IsoResource}.
 */
@Singleton
@Path(Routes.IMAGE)
public final class PxeInitrdResource {

    private final PxeInitrds initrds;

    @Inject
    public PxeInitrdResource(PxeInitrds initrds) {
        this.initrds = initrds;
    }

    @GET
    @Path(Routes.PXE_INITRD)
    public Response initrd(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        String arch = query(uri, "arch");
        return initrds.serveInitrd(imageId(uri), query(uri, "version"),
                arch == null || arch.isEmpty() ? RhcosPaths.DEFAULT_ARCH : arch, credential(uri, headers), request,
                headers);
    }

    @HEAD
    @Path(Routes.PXE_INITRD)
    public Response initrdHead(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return initrd(uri, request, headers);
    }

    /** The {@code arch} parameter is ignored: always s390x, as upstream. */
    @GET
    @Path(Routes.S390X_INITRD_ADDRSIZE)
    public Response addrsize(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return initrds.serveAddrsize(imageId(uri), query(uri, "version"), credential(uri, headers), request,
                headers);
    }

    @HEAD
    @Path(Routes.S390X_INITRD_ADDRSIZE)
    public Response addrsizeHead(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return addrsize(uri, request, headers);
    }

    private static String imageId(UriInfo uri) {
        return uri.getPathParameters().getFirst("imageId");
    }

    private static String query(UriInfo uri, String name) {
        return uri.getQueryParameters().getFirst(name);
    }

    private static Optional<Credential> credential(UriInfo uri, HttpHeaders headers) {
        return RequestCredentials.of(uri.getQueryParameters()::getFirst,
                headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION)).forwarded();
    }
}

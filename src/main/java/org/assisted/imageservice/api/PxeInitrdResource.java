package org.assisted.imageservice.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.assisted.imageservice.assisted.Credential;

/**
 * {@code /images/{image_id}/pxe-initrd?version=&arch=} and {@code /images/{image_id}/s390x-initrd-addrsize?version=}
 * (http-api.md §12-§13). GET and HEAD only; other methods get Jersey's 405.
 */
@Path("/images/{imageId: " + Routes.UUID + "}")
public final class PxeInitrdResource {

    private static final String DEFAULT_ARCH = "x86_64";

    private final PxeInitrds initrds;

    public PxeInitrdResource(PxeInitrds initrds) {
        this.initrds = initrds;
    }

    @GET
    @Path("pxe-initrd")
    public Response initrd(@PathParam("imageId") String imageId, @QueryParam("version") String version,
                           @QueryParam("arch") String arch, @QueryParam("api_key") String apiKey,
                           @QueryParam("image_token") String imageToken,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @Context Request request, @Context HttpHeaders headers) throws Exception {
        return initrds.serveInitrd(imageId, version, arch == null || arch.isEmpty() ? DEFAULT_ARCH : arch,
                Credential.resolve(null, apiKey, null, imageToken, authorization), request, headers);
    }

    @HEAD
    @Path("pxe-initrd")
    public Response initrdHead(@PathParam("imageId") String imageId, @QueryParam("version") String version,
                               @QueryParam("arch") String arch, @QueryParam("api_key") String apiKey,
                               @QueryParam("image_token") String imageToken,
                               @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               @Context Request request, @Context HttpHeaders headers) throws Exception {
        return initrd(imageId, version, arch, apiKey, imageToken, authorization, request, headers);
    }

    /** The {@code arch} parameter is ignored: always s390x, as upstream. */
    @GET
    @Path("s390x-initrd-addrsize")
    public Response addrsize(@PathParam("imageId") String imageId, @QueryParam("version") String version,
                             @QueryParam("api_key") String apiKey, @QueryParam("image_token") String imageToken,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             @Context Request request, @Context HttpHeaders headers) throws Exception {
        return initrds.serveAddrsize(imageId, version,
                Credential.resolve(null, apiKey, null, imageToken, authorization), request, headers);
    }

    @HEAD
    @Path("s390x-initrd-addrsize")
    public Response addrsizeHead(@PathParam("imageId") String imageId, @QueryParam("version") String version,
                                 @QueryParam("api_key") String apiKey, @QueryParam("image_token") String imageToken,
                                 @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @Context Request request, @Context HttpHeaders headers) throws Exception {
        return addrsize(imageId, version, apiKey, imageToken, authorization, request, headers);
    }
}

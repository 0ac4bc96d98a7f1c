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
import org.assisted.imageservice.config.ImageType;

/** {@code /images/{image_id}?version=&arch=&type=}: the long ISO URL (http-api.md §3.1). */
@Path("/images/{imageId: " + Routes.UUID + "}")
public final class IsoResource {

    private static final String DEFAULT_ARCH = "x86_64";

    private final IsoDownloads downloads;

    public IsoResource(IsoDownloads downloads) {
        this.downloads = downloads;
    }

    @GET
    public Response get(@PathParam("imageId") String imageId, @QueryParam("version") String version,
                        @QueryParam("arch") String arch, @QueryParam("type") String type,
                        @QueryParam("api_key") String apiKey, @QueryParam("image_token") String imageToken,
                        @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                        @Context Request request, @Context HttpHeaders headers) throws Exception {
        IsoRequest iso = new IsoRequest(imageId, required(version, "version"), arch == null || arch.isEmpty()
                ? DEFAULT_ARCH : arch, imageType(type),
                Credential.resolve(null, apiKey, null, imageToken, authorization));
        return downloads.serve(iso, request, headers);
    }

    @HEAD
    public Response head(@PathParam("imageId") String imageId, @QueryParam("version") String version,
                         @QueryParam("arch") String arch, @QueryParam("type") String type,
                         @QueryParam("api_key") String apiKey, @QueryParam("image_token") String imageToken,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @Context Request request, @Context HttpHeaders headers) throws Exception {
        return get(imageId, version, arch, type, apiKey, imageToken, authorization, request, headers);
    }

    private static String required(String value, String name) throws TextErrorException {
        if (value == null || value.isEmpty()) {
            throw TextErrorException.raw(400, "'" + name + "' parameter required");
        }
        return value;
    }

    private static ImageType imageType(String type) throws TextErrorException {
        return ImageType.fromWireName(required(type, "type")).orElseThrow(() -> TextErrorException.raw(400,
                "invalid value '" + Printable.of(type) + "' for parameter 'type'"));
    }
}

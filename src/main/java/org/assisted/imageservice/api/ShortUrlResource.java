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

import java.util.Map;
import java.util.Optional;

import org.assisted.imageservice.assisted.Credential;
import org.assisted.imageservice.assisted.InvalidTokenException;
import org.assisted.imageservice.assisted.JwtInfraEnvId;
import org.assisted.imageservice.config.ImageType;

/**
 * The short ISO URLs {@code /byid/{id}}, {@code /byapikey/{jwt}} and {@code /bytoken/{jwt}}
 * followed by {@code /{version}/{arch}/{filename}} (http-api.md §3.1, §4). GET and HEAD only.
 */
@Path("/")
public final class ShortUrlResource {

    private static final String TAIL = "/{version: [^/]+}/{arch: [^/]+}/{filename: [^/]+}";
    private static final Map<String, ImageType> FILE_NAMES = Map.of(
            "full.iso", ImageType.FULL_ISO,
            "minimal.iso", ImageType.MINIMAL_ISO,
            "disconnected.iso", ImageType.DISCONNECTED_ISO);

    private final IsoDownloads downloads;

    public ShortUrlResource(IsoDownloads downloads) {
        this.downloads = downloads;
    }

    @GET
    @Path("byid/{imageId: " + Routes.UUID + "}" + TAIL)
    public Response byId(@PathParam("imageId") String imageId, @PathParam("version") String version,
                         @PathParam("arch") String arch, @PathParam("filename") String filename,
                         @QueryParam("api_key") String apiKey, @QueryParam("image_token") String imageToken,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @Context Request request, @Context HttpHeaders headers) throws Exception {
        Optional<Credential> credential = Credential.resolve(null, apiKey, null, imageToken, authorization);
        return serve(imageId, version, arch, filename, credential, request, headers);
    }

    @HEAD
    @Path("byid/{imageId: " + Routes.UUID + "}" + TAIL)
    public Response byIdHead(@PathParam("imageId") String imageId, @PathParam("version") String version,
                             @PathParam("arch") String arch, @PathParam("filename") String filename,
                             @QueryParam("api_key") String apiKey, @QueryParam("image_token") String imageToken,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             @Context Request request, @Context HttpHeaders headers) throws Exception {
        return byId(imageId, version, arch, filename, apiKey, imageToken, authorization, request, headers);
    }

    @GET
    @Path("byapikey/{token: [^/]+}" + TAIL)
    public Response byApiKey(@PathParam("token") String token, @PathParam("version") String version,
                             @PathParam("arch") String arch, @PathParam("filename") String filename,
                             @QueryParam("image_token") String imageToken,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             @Context Request request, @Context HttpHeaders headers) throws Exception {
        Optional<Credential> credential = Credential.resolve(token, null, null, imageToken, authorization);
        return serve(imageId(token), version, arch, filename, credential, request, headers);
    }

    @HEAD
    @Path("byapikey/{token: [^/]+}" + TAIL)
    public Response byApiKeyHead(@PathParam("token") String token, @PathParam("version") String version,
                                 @PathParam("arch") String arch, @PathParam("filename") String filename,
                                 @QueryParam("image_token") String imageToken,
                                 @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @Context Request request, @Context HttpHeaders headers) throws Exception {
        return byApiKey(token, version, arch, filename, imageToken, authorization, request, headers);
    }

    @GET
    @Path("bytoken/{token: [^/]+}" + TAIL)
    public Response byToken(@PathParam("token") String token, @PathParam("version") String version,
                            @PathParam("arch") String arch, @PathParam("filename") String filename,
                            @QueryParam("api_key") String apiKey,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @Context Request request, @Context HttpHeaders headers) throws Exception {
        Optional<Credential> credential = Credential.resolve(null, apiKey, token, null, authorization);
        return serve(imageId(token), version, arch, filename, credential, request, headers);
    }

    @HEAD
    @Path("bytoken/{token: [^/]+}" + TAIL)
    public Response byTokenHead(@PathParam("token") String token, @PathParam("version") String version,
                                @PathParam("arch") String arch, @PathParam("filename") String filename,
                                @QueryParam("api_key") String apiKey,
                                @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @Context Request request, @Context HttpHeaders headers) throws Exception {
        return byToken(token, version, arch, filename, apiKey, authorization, request, headers);
    }

    private Response serve(String imageId, String version, String arch, String filename,
                           Optional<Credential> credential, Request request, HttpHeaders headers) throws Exception {
        ImageType type = FILE_NAMES.get(filename);
        if (type == null) {
            throw TextErrorException.raw(404, "unrecognized file name " + Printable.of(filename));
        }
        return downloads.serve(new IsoRequest(imageId, version, arch, type, credential), request, headers);
    }

    /**
     * The InfraEnv id mined from the token. Unlike upstream, an id that could not be an id is
     * refused here rather than pasted into assisted-service URLs and Content-Disposition.
     */
    private static String imageId(String token) throws TextErrorException {
        try {
            String id = JwtInfraEnvId.parse(token);
            if (!JwtInfraEnvId.isSafeId(id)) {
                throw TextErrorException.raw(404, "InfraEnv ID in token is not a valid id");
            }
            return id;
        } catch (InvalidTokenException e) {
            throw TextErrorException.raw(404, e.getMessage());
        }
    }
}

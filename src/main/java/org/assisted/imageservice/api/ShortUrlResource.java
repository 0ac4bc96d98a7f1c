package org.assisted.imageservice.api;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Map;
import java.util.Optional;

import org.assisted.imageservice.assisted.Credential;
import org.assisted.imageservice.assisted.InvalidTokenException;
import org.assisted.imageservice.assisted.JwtInfraEnvId;
import org.assisted.imageservice.config.ImageType;

/**
 * The short ISO URLs {@code /byid/{id}}, {@code /byapikey/{jwt}} and {@code /bytoken/{jwt}}
 * followed by {@code /{version}/{arch}/{filename}} (http-api.md §3.1, §4). GET and HEAD only; HEAD is
 * declared for the reason given on {@link IsoResource}.
 */
@Singleton
@Path("/")
public final class ShortUrlResource {

    private static final String TAIL = "/{version: [^/]+}/{arch: [^/]+}/{filename: [^/]+}";
    private static final String BY_ID = "byid/{imageId: " + Routes.UUID + "}" + TAIL;
    private static final String BY_API_KEY = "byapikey/{token: [^/]+}" + TAIL;
    private static final String BY_TOKEN = "bytoken/{token: [^/]+}" + TAIL;
    private static final Map<String, ImageType> FILE_NAMES = Map.of(
            "full.iso", ImageType.FULL_ISO,
            "minimal.iso", ImageType.MINIMAL_ISO,
            "disconnected.iso", ImageType.DISCONNECTED_ISO);

    private final IsoDownloads downloads;

    @Inject
    public ShortUrlResource(IsoDownloads downloads) {
        this.downloads = downloads;
    }

    @GET
    @Path(BY_ID)
    public Response byId(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        Optional<Credential> credential = Credential.resolve(null, query(uri, "api_key"), null,
                query(uri, "image_token"), authorization(headers));
        return serve(uri.getPathParameters().getFirst("imageId"), uri, credential, request, headers);
    }

    @HEAD
    @Path(BY_ID)
    public Response byIdHead(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return byId(uri, request, headers);
    }

    @GET
    @Path(BY_API_KEY)
    public Response byApiKey(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        String token = uri.getPathParameters().getFirst("token");
        Optional<Credential> credential = Credential.resolve(token, null, null, query(uri, "image_token"),
                authorization(headers));
        return serve(imageId(token), uri, credential, request, headers);
    }

    @HEAD
    @Path(BY_API_KEY)
    public Response byApiKeyHead(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return byApiKey(uri, request, headers);
    }

    @GET
    @Path(BY_TOKEN)
    public Response byToken(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        String token = uri.getPathParameters().getFirst("token");
        Optional<Credential> credential = Credential.resolve(null, query(uri, "api_key"), token, null,
                authorization(headers));
        return serve(imageId(token), uri, credential, request, headers);
    }

    @HEAD
    @Path(BY_TOKEN)
    public Response byTokenHead(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return byToken(uri, request, headers);
    }

    private Response serve(String imageId, UriInfo uri, Optional<Credential> credential, Request request,
                           HttpHeaders headers) throws Exception {
        MultivaluedMap<String, String> path = uri.getPathParameters();
        String filename = path.getFirst("filename");
        ImageType type = FILE_NAMES.get(filename);
        if (type == null) {
            throw TextErrorException.raw(404, "unrecognized file name " + Printable.of(filename));
        }
        IsoRequest iso = new IsoRequest(imageId, path.getFirst("version"), path.getFirst("arch"), type, credential);
        return downloads.serve(iso, request, headers);
    }

    private static String query(UriInfo uri, String name) {
        return uri.getQueryParameters().getFirst(name);
    }

    private static String authorization(HttpHeaders headers) {
        return headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION);
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

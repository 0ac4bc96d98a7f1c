package org.assisted.imageservice.api.resources;

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
import java.util.function.Function;

import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.api.downloads.IsoDownloads;
import org.assisted.imageservice.api.downloads.IsoRequest;
import org.assisted.imageservice.api.errors.ApiError;
import org.assisted.imageservice.api.errors.ApiException;
import org.assisted.imageservice.api.errors.Printable;
import org.assisted.imageservice.assisted.Credential;
import org.assisted.imageservice.assisted.InvalidTokenException;
import org.assisted.imageservice.assisted.JwtInfraEnvId;
import org.assisted.imageservice.assisted.RequestCredentials;
import org.assisted.imageservice.config.ImageType;

/**
 * The short ISO URLs {@code /byid/{id}}, {@code /byapikey/{jwt}} and {@code /bytoken/{jwt}}
 * followed by {@code /{version}/{arch}/{filename}} (docs/upstream-behaviour.md#iso-request-parameters and
 * #tokens-in-short-urls). GET and HEAD only; HEAD is declared for the reason given on {@link IsoResource}.
 */
@Singleton
@Path("/")
public final class ShortUrlResource {

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
    @Path(Routes.BY_ID_PATH)
    public Response byId(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return serve(Routes.BY_ID, uri.getPathParameters().getFirst("imageId"), uri, request, headers);
    }

    @HEAD
    @Path(Routes.BY_ID_PATH)
    public Response byIdHead(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return byId(uri, request, headers);
    }

    @GET
    @Path(Routes.BY_API_KEY_PATH)
    public Response byApiKey(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return serve(Routes.BY_API_KEY, uri.getPathParameters().getFirst("token"), uri, request, headers);
    }

    @HEAD
    @Path(Routes.BY_API_KEY_PATH)
    public Response byApiKeyHead(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return byApiKey(uri, request, headers);
    }

    @GET
    @Path(Routes.BY_TOKEN_PATH)
    public Response byToken(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return serve(Routes.BY_TOKEN, uri.getPathParameters().getFirst("token"), uri, request, headers);
    }

    @HEAD
    @Path(Routes.BY_TOKEN_PATH)
    public Response byTokenHead(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return byToken(uri, request, headers);
    }

    private Response serve(String route, String idOrToken, UriInfo uri, Request request, HttpHeaders headers)
            throws Exception {
        MultivaluedMap<String, String> path = uri.getPathParameters();
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        IsoRequest iso = request(route, idOrToken, path.getFirst("version"), path.getFirst("arch"),
                path.getFirst("filename"), query::getFirst,
                headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        return downloads.serve(iso, request, headers);
    }

    /**
     * The download a short URL asks for; also used by {@code ReusedDownloadFilter}.
     *
     * @param route         {@code byid}, {@code byapikey} or {@code bytoken}
     * @param idOrToken     the segment after the route: the image id or the JWT
     * @param query         the first value of a query parameter, or null
     * @param authorization the first {@code Authorization} header, or null
     * @throws ApiException 404 for an unknown file name or a token without a valid InfraEnv id
     */
    public static IsoRequest request(String route, String idOrToken, String version, String arch, String filename,
                              Function<String, String> query, String authorization) throws ApiException {
        RequestCredentials offered = RequestCredentials.of(query, authorization);
        Optional<Credential> credential;
        String imageId;
        switch (route) {
            case Routes.BY_API_KEY -> {
                credential = offered.withPathApiKey(idOrToken).forwarded();
                imageId = imageId(idOrToken);
            }
            case Routes.BY_TOKEN -> {
                credential = offered.withPathToken(idOrToken).forwarded();
                imageId = imageId(idOrToken);
            }
            default -> {
                credential = offered.forwarded();
                imageId = idOrToken;
            }
        }
        ImageType type = FILE_NAMES.get(filename);
        if (type == null) {
            throw new ApiException(new ApiError.RawTextError(404, "unrecognized file name " + Printable.of(filename)));
        }
        return new IsoRequest(imageId, version, arch, type, credential);
    }

    /**
     * The InfraEnv id mined from the token. Unlike upstream, an id that could not be an id is
     * refused here rather than pasted into assisted-service URLs and Content-Disposition.
     */
    private static String imageId(String token) throws ApiException {
        try {
            String id = JwtInfraEnvId.parse(token);
            if (!JwtInfraEnvId.isSafeId(id)) {
                throw new ApiException(new ApiError.RawTextError(404, "InfraEnv ID in token is not a valid id"));
            }
            return id;
        } catch (InvalidTokenException e) {
            throw new ApiException(new ApiError.RawTextError(404, e.getMessage()));
        }
    }
}

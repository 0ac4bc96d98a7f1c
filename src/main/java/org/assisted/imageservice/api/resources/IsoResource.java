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

import java.util.function.Function;

import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.api.downloads.IsoDownloads;
import org.assisted.imageservice.api.downloads.IsoRequest;
import org.assisted.imageservice.api.errors.ApiError;
import org.assisted.imageservice.api.errors.ApiException;
import org.assisted.imageservice.api.errors.Printable;
import org.assisted.imageservice.assisted.RequestCredentials;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.coreos.RhcosPaths;

/**
 * {@code /images/{image_id}?version=&arch=&type=}: the long ISO URL
 * (docs/upstream-behaviour.md#iso-request-parameters). HEAD is declared, not Jersey's implicit one, which would run the
 * GET method with the request's method reading GET, so the response would carry a body that Jersey writes (reading the
 * whole ISO) and then discards.
 */
@Singleton
@Path(Routes.IMAGE)
public final class IsoResource {

    private final IsoDownloads downloads;

    @Inject
    public IsoResource(IsoDownloads downloads) {
        this.downloads = downloads;
    }

    @GET
    public Response get(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        IsoRequest iso = request(uri.getPathParameters().getFirst("imageId"), query::getFirst,
                headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        return downloads.serve(iso, request, headers);
    }

    /**
     * The download a long URL asks for; also used by {@code ReusedDownloadFilter}.
     *
     * @param query         the first value of a query parameter, or null
     * @param authorization the first {@code Authorization} header, or null
     * @throws ApiException 400 for a missing version or type, or an unknown type
     */
    public static IsoRequest request(String imageId, Function<String, String> query, String authorization)
            throws ApiException {
        String arch = query.apply("arch");
        return new IsoRequest(imageId, required(query.apply("version"), "version"),
                arch == null || arch.isEmpty() ? RhcosPaths.DEFAULT_ARCH : arch, imageType(query.apply("type")),
                RequestCredentials.of(query, authorization).forwarded());
    }

    @HEAD
    public Response head(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return get(uri, request, headers);
    }

    private static String required(String value, String name) throws ApiException {
        if (value == null || value.isEmpty()) {
            throw new ApiException(new ApiError.RawTextError(400, "'" + name + "' parameter required"));
        }
        return value;
    }

    private static ImageType imageType(String type) throws ApiException {
        return ImageType.fromWireName(required(type, "type")).orElseThrow(() -> new ApiException(
                new ApiError.RawTextError(400, "invalid value '" + Printable.of(type) + "' for parameter 'type'")));
    }
}

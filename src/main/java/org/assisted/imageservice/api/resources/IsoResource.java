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

import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.api.downloads.IsoDownloads;
import org.assisted.imageservice.api.downloads.IsoRequest;

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
        IsoRequest iso = IsoRequest.longUrl(uri.getPathParameters().getFirst("imageId"), query::getFirst,
                headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        return downloads.serve(iso, request, headers);
    }

    @HEAD
    public Response head(@Context UriInfo uri, @Context Request request, @Context HttpHeaders headers)
            throws Exception {
        return get(uri, request, headers);
    }
}

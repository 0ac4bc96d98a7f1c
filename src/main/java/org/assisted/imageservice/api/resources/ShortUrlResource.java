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
 * The short ISO URLs {@code /byid/{id}}, {@code /byapikey/{jwt}} and {@code /bytoken/{jwt}}
 * followed by {@code /{version}/{arch}/{filename}} (docs/upstream-behaviour.md#iso-request-parameters and
 * #tokens-in-short-urls). GET and HEAD only; HEAD is declared for the reason given on {@link IsoResource}.
 */
@Singleton
@Path("/")
public final class ShortUrlResource {

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
        IsoRequest iso = IsoRequest.shortUrl(route, idOrToken, path.getFirst("version"), path.getFirst("arch"),
                path.getFirst("filename"), query::getFirst,
                headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        return downloads.serve(iso, request, headers);
    }
}

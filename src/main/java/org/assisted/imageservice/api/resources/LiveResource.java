package org.assisted.imageservice.api.resources;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.assisted.imageservice.api.Routes;

/** {@code /live}: the liveness probe, always 200 with an empty body. */
@Singleton
@Path(Routes.LIVE)
public final class LiveResource {

    @GET
    public Response get() {
        return Response.ok().build();
    }

    @HEAD
    public Response head() {
        return get();
    }
}

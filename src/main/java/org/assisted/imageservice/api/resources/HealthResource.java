package org.assisted.imageservice.api.resources;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.assisted.imageservice.api.Routes;
import org.assisted.imageservice.store.HealthReport;
import org.assisted.imageservice.store.ImageStore;

/**
 * {@code /health}: the readiness probe. 200 once every configured image is ready, 503 before. The
 * body names each image's state (pending, downloading with percent, ready, failed with the reason);
 * upstream's body is empty, and probes only look at the status.
 */
@Singleton
@Path(Routes.HEALTH)
public final class HealthResource {

    private final ImageStore store;

    @Inject
    public HealthResource(ImageStore store) {
        this.store = store;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        HealthReport report = store.health();
        return Response.status(report.ready() ? 200 : 503).entity(report).build();
    }

    @HEAD
    public Response head() {
        return Response.status(store.readiness().isReady() ? 200 : 503).build();
    }
}

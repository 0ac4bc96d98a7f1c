package org.assisted.imageservice.api.filters;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

import org.assisted.imageservice.api.RouteMatch;
import org.assisted.imageservice.api.Routes;

/**
 * Under the image prefixes only the exact paths of the route table are served (docs/upstream-behaviour.md#routes).
 * Jersey would also match {@code /images/<uuid>/} and {@code /byid/.../full.iso/} (it ignores a trailing slash), so
 * such paths are refused before matching, with the answer of an unmatched path. The route match is the one the
 * servlet filters kept ({@link Routes#matched}) when Jersey sees the same path.
 */
@PreMatching
public final class ExactRouteFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        RouteMatch match = Routes.matched(request, "/" + request.getUriInfo().getPath(false));
        if (match.area() == RouteMatch.Area.IMAGES && match.route().isEmpty()) {
            throw new NotFoundException();
        }
    }
}

package org.assisted.imageservice.api.filters;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * 405 with an empty body for any method but GET and HEAD under {@code /boot-artifacts/}
 * (docs/upstream-behaviour.md#methods and #boot-artifacts-route), before Jersey's own method matching, which would
 * answer OPTIONS itself. Unlike upstream, whose header is set too late to be sent
 * (docs/upstream-behaviour.md#known-weaknesses, item 11), the response carries {@code Allow: GET, HEAD}.
 */
@PreMatching
public final class BootArtifactsMethodFilter implements ContainerRequestFilter {

    private static final String PREFIX = "boot-artifacts/";

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        if ((path.startsWith(PREFIX) || path.startsWith("/" + PREFIX))
                && !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            request.abortWith(Response.status(Response.Status.METHOD_NOT_ALLOWED)
                    .header(HttpHeaders.ALLOW, HttpMethod.GET + ", " + HttpMethod.HEAD).build());
        }
    }
}

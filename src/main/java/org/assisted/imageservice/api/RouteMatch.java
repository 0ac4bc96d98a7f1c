package org.assisted.imageservice.api;

import java.util.Optional;

import org.assisted.imageservice.api.Routes.Route;

/**
 * What the route table says about one request path, computed once per request ({@link Routes#matched}): the path
 * in the two forms the filters need, the route it matches if any, and the area its prefix belongs to (which
 * concurrency-limit group, whether CORS applies), matched or not (docs/upstream-behaviour.md#filter-order).
 *
 * @param path    the path as Tomcat maps it, below the context path: percent-decoded, path parameters removed, dot
 *                segments resolved; routes are matched on this form, as Jersey matches its resources
 * @param rawPath the path exactly as the client sent it, undecoded, for the log (with its tokens masked)
 * @param route   the matched route, or empty
 * @param area    the prefix {@code path} starts with
 */
public record RouteMatch(String path, String rawPath, Optional<Route> route, Area area) {

    /** The prefixes the filters treat alike, whether or not a route of the table matches the whole path. */
    public enum Area {
        /** {@code /images/}, {@code /byid/}, {@code /byapikey/}, {@code /bytoken/}. */
        IMAGES,
        /** {@code /boot-artifacts/}. */
        BOOT_ARTIFACTS,
        /** Anything else: the probes, {@code /metrics}, unknown paths. */
        OTHER
    }

    /** Matches {@code path} against the route table. */
    public static RouteMatch of(String path, String rawPath) {
        Area area = Routes.isImagePrefix(path) ? Area.IMAGES
                : path.startsWith(Routes.BOOT_ARTIFACTS_PREFIX) ? Area.BOOT_ARTIFACTS : Area.OTHER;
        return new RouteMatch(path, rawPath, area == Area.OTHER ? Optional.empty() : Routes.match(path), area);
    }

    /** Whether the client's path needed no decoding or normalisation, so that both forms are the same. */
    public boolean isPlain() {
        return path.equals(rawPath);
    }
}

package org.assisted.imageservice.api;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The route table of http-api.md §1 as plain path patterns, for the servlet filters that run
 * before Jersey matches a resource: metrics labels, the concurrency limit, and log redaction.
 */
public final class Routes {

    public static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    public static final String BOOT_ARTIFACTS_PREFIX = "/boot-artifacts/";
    private static final String SEGMENT = "[^/]+";

    /**
     * A route: its metrics {@code handler} label (the upstream route id) and the path pattern.
     *
     * @param handler   the label value, never containing an id or token
     * @param pattern   the whole-path pattern
     * @param imageRoute whether the route is one of the image routes (concurrency-limited)
     */
    public record Route(String handler, Pattern pattern, boolean imageRoute) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route("/images/:imageID", Pattern.compile("/images/" + UUID), true),
            new Route("/images/:imageID/pxe-initrd", Pattern.compile("/images/" + UUID + "/pxe-initrd"), true),
            new Route("/images/:imageID/s390x-initrd-addrsize",
                    Pattern.compile("/images/" + UUID + "/s390x-initrd-addrsize"), true),
            new Route("/byid/:token", shortUrl("byid", UUID), true),
            new Route("/byapikey/:token", shortUrl("byapikey", SEGMENT), true),
            new Route("/bytoken/:token", shortUrl("bytoken", SEGMENT), true),
            bootArtifact("rootfs"),
            bootArtifact("kernel"),
            bootArtifact("ins-file"),
            new Route("/boot-artifacts/:artifact", Pattern.compile("/boot-artifacts/.*"), false));

    private static final Pattern TOKEN_SEGMENT = Pattern.compile("^/(byapikey|bytoken)/[^/]*");

    private Routes() {
    }

    /**
     * A known artifact is labelled with its path, as upstream does for every path; any other path under the
     * prefix shares one label, so the label set stays bounded (upstream weakness 1).
     */
    private static Route bootArtifact(String name) {
        String path = "/boot-artifacts/" + name;
        return new Route(path, Pattern.compile(Pattern.quote(path)), false);
    }

    private static Pattern shortUrl(String prefix, String idPattern) {
        return Pattern.compile("/" + prefix + "/" + idPattern + "/" + SEGMENT + "/" + SEGMENT + "/" + SEGMENT);
    }

    /** The route a request path (without the context path) belongs to, if any. */
    public static Optional<Route> match(String path) {
        if (!isImagePrefix(path) && !path.startsWith(BOOT_ARTIFACTS_PREFIX)) {
            return Optional.empty();
        }
        for (Route route : ROUTES) {
            if (route.pattern().matcher(path).matches()) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** Whether the path is under one of the image-route prefixes, matched or not (http-api.md §2). */
    public static boolean isImagePrefix(String path) {
        return path.startsWith("/images/") || path.startsWith("/byid/") || path.startsWith("/byapikey/")
                || path.startsWith("/bytoken/");
    }

    /** The path with the credential segment of {@code /byapikey} and {@code /bytoken} masked, for logs. */
    public static String redact(String path) {
        if (!path.startsWith("/byapikey/") && !path.startsWith("/bytoken/")) {
            return path;
        }
        return TOKEN_SEGMENT.matcher(path).replaceFirst("/$1/REDACTED");
    }
}

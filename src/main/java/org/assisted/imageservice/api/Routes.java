package org.assisted.imageservice.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * The route table of docs/upstream-behaviour.md#routes, declared once: each route is a Jersey path template, and the
 * resources' {@code @Path} values are built from the same constants. The servlet filters that run before Jersey
 * (metrics labels, the concurrency limit, CORS, the plain-HTTP and probe-port rules, log redaction, reused downloads)
 * and Jersey's pre-matching {@code ExactRouteFilter} read one {@link RouteMatch} per request ({@link #matched}),
 * so a path is matched once however many filters look at it (docs/design.md#request-path).
 */
public final class Routes {

    public static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String SEGMENT = "[^/]+";

    /** {@code @Path} of the long ISO URL and of the PXE routes below it. */
    public static final String IMAGE = "/images/{imageId: " + UUID + "}";
    /** {@code @Path}s below {@link #IMAGE}. */
    public static final String PXE_INITRD = "pxe-initrd";
    public static final String S390X_INITRD_ADDRSIZE = "s390x-initrd-addrsize";
    /** The short-URL route names: the first path segment. */
    public static final String BY_ID = "byid";
    public static final String BY_API_KEY = "byapikey";
    public static final String BY_TOKEN = "bytoken";
    private static final String SHORT_URL_TAIL = "/{version: " + SEGMENT + "}/{arch: " + SEGMENT + "}/{filename: "
            + SEGMENT + "}";
    /** {@code @Path}s of the short URLs, relative to the root. */
    public static final String BY_ID_PATH = BY_ID + "/{imageId: " + UUID + "}" + SHORT_URL_TAIL;
    public static final String BY_API_KEY_PATH = BY_API_KEY + "/{token: " + SEGMENT + "}" + SHORT_URL_TAIL;
    public static final String BY_TOKEN_PATH = BY_TOKEN + "/{token: " + SEGMENT + "}" + SHORT_URL_TAIL;
    /** {@code @Path} of the boot artifacts, and of the artifact below it. */
    public static final String BOOT_ARTIFACTS = "/boot-artifacts";
    public static final String ARTIFACT = "{artifact: .*}";
    public static final String BOOT_ARTIFACTS_PREFIX = BOOT_ARTIFACTS + "/";
    /** The probes and the metrics: no route of the table (no slot, no metrics label). */
    public static final String LIVE = "/live";
    public static final String HEALTH = "/health";
    public static final String METRICS = "/metrics";

    private static final String ATTRIBUTE = Routes.class.getName() + ".match";

    /**
     * A route: its metrics {@code handler} label (the upstream route id) and the path pattern.
     *
     * @param handler   the label value, never containing an id or token
     * @param pattern   the whole-path pattern
     * @param imageRoute whether the route is one of the image routes (concurrency-limited)
     */
    public record Route(String handler, Pattern pattern, boolean imageRoute) {

        /** A route whose pattern is the Jersey path template {@code template}, as the resource declares it. */
        static Route of(String handler, String template, boolean imageRoute) {
            return new Route(handler, Routes.pattern(template), imageRoute);
        }

        /** Whether this is one of the short ISO URLs, whose second segment is an id or a token. */
        public boolean shortUrl() {
            return handler.startsWith("/by");
        }
    }

    /** The long ISO URL, {@code /images/{imageId}?version=&arch=&type=}. */
    public static final Route LONG_ISO_URL = Route.of("/images/:imageID", IMAGE, true);

    private static final List<Route> ROUTES = List.of(
            LONG_ISO_URL,
            Route.of("/images/:imageID/pxe-initrd", IMAGE + "/" + PXE_INITRD, true),
            Route.of("/images/:imageID/s390x-initrd-addrsize", IMAGE + "/" + S390X_INITRD_ADDRSIZE, true),
            Route.of("/byid/:token", "/" + BY_ID_PATH, true),
            Route.of("/byapikey/:token", "/" + BY_API_KEY_PATH, true),
            Route.of("/bytoken/:token", "/" + BY_TOKEN_PATH, true),
            bootArtifact("rootfs"),
            bootArtifact("kernel"),
            bootArtifact("ins-file"),
            Route.of("/boot-artifacts/:artifact", BOOT_ARTIFACTS + "/" + ARTIFACT, false));

    private static final List<String> IMAGE_PREFIXES = List.of("/images/", "/" + BY_ID + "/", "/" + BY_API_KEY + "/",
            "/" + BY_TOKEN + "/");
    private static final Pattern TOKEN_SEGMENT = Pattern.compile("^/(" + BY_API_KEY + "|" + BY_TOKEN + ")/[^/]*");
    private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9._~=+-]+");
    private static final Set<String> SHORT_URL_PREFIXES = Set.of(BY_ID, BY_API_KEY, BY_TOKEN);
    private static final String REDACTED = "REDACTED";

    private Routes() {
    }

    /**
     * A known artifact is labelled with its path, as upstream does for every path; any other path under the
     * prefix shares one label, so the label set stays bounded (docs/upstream-behaviour.md#known-weaknesses, item 1).
     */
    private static Route bootArtifact(String name) {
        String path = BOOT_ARTIFACTS_PREFIX + name;
        return Route.of(path, path, false);
    }

    /**
     * The regular expression Jersey matches a path template with: literal text as it is, each {@code {name: regex}}
     * as its regex (a non-capturing group). Every template of the table names its regex.
     */
    static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int open = template.indexOf('{'); open >= 0; open = template.indexOf('{', start)) {
            int colon = template.indexOf(':', open);
            int close = closingBrace(template, colon);
            if (colon < 0 || close < 0) {
                throw new IllegalArgumentException("not a template with {name: regex} parameters: " + template);
            }
            regex.append(Pattern.quote(template.substring(start, open)))
                    .append("(?:").append(template.substring(colon + 1, close).strip()).append(')');
            start = close + 1;
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(start))).toString());
    }

    /** The index of the brace that closes the parameter whose regex starts after {@code from}, or -1. */
    private static int closingBrace(String template, int from) {
        int depth = 1;
        for (int i = from + 1; from >= 0 && i < template.length(); i++) {
            char c = template.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The route match of a servlet request, made by the first filter that asks (LoggedPathFilter, registered before
     * every other filter that reads the path) and kept as a request attribute, which the asynchronous dispatch after
     * a concurrency-limit wait keeps too.
     */
    public static RouteMatch matched(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof RouteMatch match) {
            return match;
        }
        RouteMatch match = RouteMatch.of(RequestPaths.path(request), RequestPaths.rawPath(request));
        request.setAttribute(ATTRIBUTE, match);
        return match;
    }

    /**
     * The route match of {@code path}, Jersey's view of a request's path: the servlet filters' match when it was made
     * on the same path (Jersey's request properties are the servlet request's attributes), else a match of
     * {@code path} itself (a path Tomcat decoded or normalised, or a request that came through no servlet filter).
     */
    public static RouteMatch matched(ContainerRequestContext request, String path) {
        if (request.getProperty(ATTRIBUTE) instanceof RouteMatch match && match.path().equals(path)) {
            return match;
        }
        return RouteMatch.of(path, path);
    }

    /** The route a request path (without the context path) under an image or boot-artifact prefix belongs to. */
    static Optional<Route> match(String path) {
        for (Route route : ROUTES) {
            if (route.pattern().matcher(path).matches()) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the path is under one of the image-route prefixes, matched or not
     * (docs/upstream-behaviour.md#filter-order).
     */
    public static boolean isImagePrefix(String path) {
        for (String prefix : IMAGE_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The path with credentials masked, for logs. A short-URL route in canonical form (plain segments, no dot
     * segment) keeps its shape, with the token segment of {@code /byapikey} and {@code /bytoken} masked. On any other path, everything
     * after the first segment that reads {@code by…} once its path parameters, percent-encoding and case are undone
     * is masked, and that segment too unless it is one of the route names: Tomcat normalises such paths before
     * routing, so a token on them may be meant for a route or merely mistyped, and is never logged.
     */
    public static String redact(RouteMatch match) {
        String path = match.rawPath();
        String[] segments = path.split("/", -1);
        // a canonical path is one Tomcat does not change, so the match of the decoded path is the raw path's
        Optional<Route> route = match.isPlain() && isCanonical(segments) ? match.route() : Optional.empty();
        if (route.isPresent() && route.get().shortUrl()) {
            return TOKEN_SEGMENT.matcher(path).replaceFirst("/$1/" + REDACTED);
        }
        for (int i = 0; i < segments.length; i++) {
            if (normalised(segments[i]).startsWith("by")) {
                StringBuilder logged = new StringBuilder(String.join("/", Arrays.copyOfRange(segments, 0, i)));
                logged.append('/').append(SHORT_URL_PREFIXES.contains(segments[i]) ? segments[i] : REDACTED);
                return i + 1 < segments.length ? logged.append('/').append(REDACTED).toString() : logged.toString();
            }
        }
        return path;
    }

    private static boolean isCanonical(String[] segments) {
        for (int i = 1; i < segments.length; i++) {
            if (!PLAIN_SEGMENT.matcher(segments[i]).matches() || segments[i].equals(".") || segments[i].equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The segment without path parameters, percent-decoded until nothing changes, lower case. */
    private static String normalised(String segment) {
        int parameters = segment.indexOf(';');
        String text = parameters < 0 ? segment : segment.substring(0, parameters);
        for (String decoded = percentDecoded(text); !decoded.equals(text); decoded = percentDecoded(text)) {
            text = decoded;
        }
        return text.strip().toLowerCase(Locale.ROOT);
    }

    /** Each valid {@code %XX} replaced by its byte as a character; invalid escapes are kept as they are. */
    private static String percentDecoded(String text) {
        StringBuilder decoded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (c == '%' && low >= 0) {
                decoded.append((char) (high << 4 | low));
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }
}

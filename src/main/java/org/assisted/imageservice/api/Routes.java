package org.assisted.imageservice.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The route table of docs/upstream-behaviour.md#routes as plain path patterns, for the servlet filters that run
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
    private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9._~=+-]+");
    private static final Set<String> SHORT_URL_PREFIXES = Set.of("byid", "byapikey", "bytoken");
    private static final String REDACTED = "REDACTED";

    private Routes() {
    }

    /**
     * A known artifact is labelled with its path, as upstream does for every path; any other path under the
     * prefix shares one label, so the label set stays bounded (docs/upstream-behaviour.md#known-weaknesses, item 1).
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

    /**
     * Whether the path is under one of the image-route prefixes, matched or not
     * (docs/upstream-behaviour.md#filter-order).
     */
    public static boolean isImagePrefix(String path) {
        return path.startsWith("/images/") || path.startsWith("/byid/") || path.startsWith("/byapikey/")
                || path.startsWith("/bytoken/");
    }

    /**
     * The path with credentials masked, for logs. A short-URL route in canonical form (plain segments, no dot
     * segment) keeps its shape, with the token segment of {@code /byapikey} and {@code /bytoken} masked. On any other path, everything
     * after the first segment that reads {@code by…} once its path parameters, percent-encoding and case are undone
     * is masked, and that segment too unless it is one of the route names: Tomcat normalises such paths before
     * routing, so a token on them may be meant for a route or merely mistyped, and is never logged.
     */
    public static String redact(String path) {
        String[] segments = path.split("/", -1);
        Optional<Route> route = isCanonical(segments) ? match(path) : Optional.empty();
        if (route.isPresent() && route.get().handler().startsWith("/by")) {
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

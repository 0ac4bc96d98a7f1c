package org.assisted.imageservice.api.filters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The decisions of upstream's CORS middleware (rs/cors v1.11, docs/upstream-behaviour.md#cors) for ALLOWED_DOMAINS,
 * without servlet types: which origins match, which methods and which {@code Access-Control-Request-Headers} lists are
 * acceptable.
 */
final class CorsPolicy {

    static final int MAX_AGE_SECONDS = 600;
    private static final List<String> METHODS = List.of("HEAD", "GET");
    /** Lower-case and sorted: browsers send the request-header list that way, and rs/cors requires it. */
    private static final List<String> HEADERS = List.of("authorization", "content-type");
    private static final int MAX_EMPTY_ELEMENTS = 16;

    private final boolean anyOrigin;
    private final List<String> origins;
    private final List<Wildcard> wildcards;

    private record Wildcard(String prefix, String suffix) {
        boolean matches(String origin) {
            return origin.length() >= prefix.length() + suffix.length() && origin.startsWith(prefix)
                    && origin.endsWith(suffix);
        }
    }

    private CorsPolicy(boolean anyOrigin, List<String> origins, List<Wildcard> wildcards) {
        this.anyOrigin = anyOrigin;
        this.origins = List.copyOf(origins);
        this.wildcards = List.copyOf(wildcards);
    }

    /**
     * @param allowedDomains the entries of ALLOWED_DOMAINS: {@code *} allows every origin; an entry with a
     *                       {@code *} is split at its first {@code *} into a prefix and a suffix to match
     */
    static CorsPolicy of(List<String> allowedDomains) {
        List<String> origins = new ArrayList<>();
        List<Wildcard> wildcards = new ArrayList<>();
        for (String domain : allowedDomains) {
            String origin = domain.toLowerCase(Locale.ROOT);
            if (origin.equals("*")) {
                return new CorsPolicy(true, List.of(), List.of());
            }
            int star = origin.indexOf('*');
            if (star >= 0) {
                wildcards.add(new Wildcard(origin.substring(0, star), origin.substring(star + 1)));
            } else {
                origins.add(origin);
            }
        }
        return new CorsPolicy(false, origins, wildcards);
    }

    /** Case-insensitive; a missing or empty origin is never allowed. */
    boolean allowsOrigin(String origin) {
        if (origin == null || origin.isEmpty()) {
            return false;
        }
        if (anyOrigin) {
            return true;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        return origins.contains(lower) || wildcards.stream().anyMatch(w -> w.matches(lower));
    }

    /** The {@code Access-Control-Allow-Origin} value for an allowed origin. */
    String allowOriginValue(String origin) {
        return anyOrigin ? "*" : origin;
    }

    /** GET and HEAD, compared case-sensitively as rs/cors does; OPTIONS is always accepted. */
    static boolean allowsMethod(String method) {
        return "OPTIONS".equals(method) || METHODS.contains(method);
    }

    /**
     * Whether every field line of {@code Access-Control-Request-Headers} lists allowed names, lower-case,
     * sorted and unique across all lines, each with at most one byte of optional whitespace around it and at
     * most {@value #MAX_EMPTY_ELEMENTS} empty elements in total (RFC 9110 §5.6.1.2, as rs/cors tolerates).
     */
    static boolean allowsRequestHeaders(List<String> fieldLines) {
        int lastPosition = -1;
        int emptyElements = 0;
        for (String line : fieldLines) {
            for (String element : line.split(",", -1)) {
                String name = trimOneOws(element);
                if (name == null) {
                    return false;
                }
                if (name.isEmpty()) {
                    if (++emptyElements > MAX_EMPTY_ELEMENTS) {
                        return false;
                    }
                    continue;
                }
                int position = HEADERS.indexOf(name);
                if (position <= lastPosition) {
                    return false;
                }
                lastPosition = position;
            }
        }
        return true;
    }

    /** @return the element without one leading and one trailing space or tab, or null when more remains */
    private static String trimOneOws(String element) {
        String trimmed = element;
        if (!trimmed.isEmpty() && isOws(trimmed.charAt(0))) {
            trimmed = trimmed.substring(1);
        }
        if (!trimmed.isEmpty() && isOws(trimmed.charAt(trimmed.length() - 1))) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        boolean moreOws = !trimmed.isEmpty()
                && (isOws(trimmed.charAt(0)) || isOws(trimmed.charAt(trimmed.length() - 1)));
        return moreOws ? null : trimmed;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}

package org.assisted.imageservice.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** URL handling for OS image downloads: extra query parameters as upstream adds them, and log-safe forms. */
final class DownloadUrls {
    private static final Pattern QUERY = Pattern.compile("[?#][^\\s'\"<>]*");
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s@'\"<>]*@");
    private DownloadUrls() {
    }

    /**
     * Adds {@code params} to the URL's query and re-encodes the whole query with keys sorted, as Go's
     * {@code url.Values.Encode} does. Without params the URL is returned unchanged.
     */
    static URI withQueryParams(URI url, Map<String, String> params) {
        if (params.isEmpty()) {
            return url;
        }
        Map<String, List<String>> query = parseQuery(url.getRawQuery());
        params.forEach((k, v) -> query.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        StringBuilder encoded = new StringBuilder();
        query.forEach((k, values) -> values.forEach(v -> encoded.append(encoded.length() == 0 ? "" : "&")
                .append(queryEscape(k)).append('=').append(queryEscape(v))));
        String s = url.toString();
        int cut = firstIndex(s, '?', '#');
        String fragment = url.getRawFragment() == null ? "" : "#" + url.getRawFragment();
        return URI.create(s.substring(0, cut) + "?" + encoded + fragment);
    }

    /** @return {@code scheme://host[:port]/path}: no user info, query or fragment, which may carry credentials */
    static String redact(URI url) {
        String host = url.getHost() == null ? "" : url.getHost();
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + host + port + path;
    }

    /**
     * Removes what may carry credentials from URLs quoted in {@code text}, also from malformed ones (a library
     * quotes an invalid redirect location as it came): the user info of every {@code scheme://user@host}, and every
     * query or fragment, i.e. anything from a {@code ?} or {@code #} to the next blank or quote, becomes {@code ?...}.
     */
    static String scrub(String text) {
        return QUERY.matcher(USER_INFO.matcher(text).replaceAll("$1")).replaceAll("?...");
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new TreeMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                query.computeIfAbsent(decode(key), x -> new ArrayList<>()).add(decode(value));
            } catch (IllegalArgumentException badEscape) {
                // Go's url.Values drops pairs it cannot unescape.
            }
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Go's {@code url.QueryEscape}: unreserved ASCII kept, space as {@code +}, everything else %XX (UTF-8). */
    static String queryEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static int firstIndex(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j < 0 ? s.length() : j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}

package org.assisted.imageservice.minimal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The rootfs URL a minimal ISO boots with (docs/upstream-behaviour.md#rootfs-url):
 * {@code <scheme>://<host><base path>/boot-artifacts/rootfs?arch=<arch>&version=<version>}. The base URL's user
 * info, query and fragment are dropped, the path is joined and cleaned like Go's {@code path.Join}. Unlike
 * upstream, a base without scheme and host (including the empty string) is rejected instead of producing a
 * relative URL the ISO could never fetch.
 */
public final class MinimalIsoRootfsUrl {

    private static final String ROOTFS_PATH = "/boot-artifacts/rootfs";

    private MinimalIsoRootfsUrl() {
    }

    public static String build(String baseUrl, String arch, String version) throws MinimalIsoException {
        int colon = baseUrl.indexOf(':');
        String scheme = colon < 0 ? "" : baseUrl.substring(0, colon);
        if (colon == 0) {
            throw failure(baseUrl, "missing protocol scheme");
        }
        if (!scheme.matches("[A-Za-z][A-Za-z0-9+.-]*") || !baseUrl.startsWith("//", colon + 1)) {
            throw failure(baseUrl, "scheme and host required");
        }
        String rest = baseUrl.substring(colon + 3);
        int end = indexOfAny(rest, "?#");
        rest = rest.substring(0, end);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (host.isEmpty()) {
            throw failure(baseUrl, "scheme and host required");
        }
        String path = clean((slash < 0 ? "" : rest.substring(slash)) + ROOTFS_PATH);
        return scheme + "://" + host + escapePath(path) + "?arch=" + query(arch) + "&version=" + query(version);
    }

    private static MinimalIsoException failure(String baseUrl, String reason) {
        return new MinimalIsoException("failed to build rootfs URL: parse \"" + baseUrl + "\": " + reason);
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /** Lexical cleaning of an absolute path: no empty, {@code .} or {@code ..} segments, no trailing slash. */
    private static String clean(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String escapePath(String path) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~/$&+,:;=@".indexOf(c) >= 0)) {
                escaped.append(c);
            } else {
                escaped.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
            }
        }
        return escaped.toString();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }
}

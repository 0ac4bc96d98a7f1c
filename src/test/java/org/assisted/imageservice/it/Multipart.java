package org.assisted.imageservice.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of {@code multipart/byteranges} bodies (RFC 9110 §14.6), independent of the service's writer. */
final class Multipart {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
    private static final String CRLF = "\r\n";

    private Multipart() {
    }

    /**
     * One body part.
     *
     * @param headers names in lower case
     * @param first   first byte position from its Content-Range
     * @param body    exactly {@code last - first + 1} bytes
     */
    record Part(Map<String, String> headers, long first, byte[] body) {
    }

    /** @throws AssertionError when the body does not follow the multipart syntax exactly */
    static List<Part> parse(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        List<Part> parts = new ArrayList<>();
        int position = expect(text, 0, CRLF.equals(text.substring(0, 2)) ? CRLF + delimiter : delimiter);
        while (!text.startsWith("--", position)) {
            position = expect(text, position, CRLF);
            int headersEnd = text.indexOf(CRLF + CRLF, position);
            Map<String, String> headers = headers(text.substring(position, headersEnd));
            Matcher range = CONTENT_RANGE.matcher(headers.getOrDefault("content-range", ""));
            if (!range.matches()) {
                throw new AssertionError("part without a byte Content-Range: " + headers);
            }
            long first = Long.parseLong(range.group(1));
            int length = (int) (Long.parseLong(range.group(2)) - first + 1);
            int start = headersEnd + 4;
            parts.add(new Part(headers, first, Arrays.copyOfRange(body, start, start + length)));
            position = expect(text, start + length, CRLF + delimiter);
        }
        position = expect(text, position, "--");
        String rest = text.substring(position);
        if (!rest.isEmpty() && !rest.equals(CRLF)) {
            throw new AssertionError("data after the closing delimiter: " + rest);
        }
        return parts;
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : block.split(CRLF)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return headers;
    }

    private static int expect(String text, int position, String expected) {
        if (!text.startsWith(expected, position)) {
            throw new AssertionError("expected " + expected.replace(CRLF, "\\r\\n") + " at " + position);
        }
        return position + expected.length();
    }
}

package org.assisted.imageservice.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A plain HTTP/1.1 client for the deployed application, with the raw-socket view HEAD checks need. */
final class ItHttp {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 100;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final URL base;

    /** @param base the deployment's root URL, ending with {@code /} */
    ItHttp(URL base) {
        this.base = base;
    }

    /** A client for the deployment at {@code base}, returned once its health check passes. */
    static ItHttp healthy(URL base) throws IOException, InterruptedException {
        ItHttp http = new ItHttp(base);
        http.awaitHealthy();
        return http;
    }

    /**
     * One response, body fully read.
     *
     * @param headers response headers, names in lower case
     */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        String requireHeader(String name) {
            return header(name).orElseThrow(() -> new AssertionError("no " + name + " header in " + headers));
        }
    }

    /** GET {@code path} (relative to the deployment root) with header name/value pairs. */
    Reply get(String path, String... headerPairs) throws IOException, InterruptedException {
        return send("GET", path, headerPairs);
    }

    Reply send(String method, String path, String... headerPairs) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), lowerCase(response.headers().map()), response.body());
    }

    /** The first {@code length} bytes of a GET body; the connection is dropped before the rest arrives. */
    byte[] getPrefix(String path, int length) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            return body.readNBytes(length);
        }
    }

    /**
     * A HEAD request over a raw socket with {@code Connection: close}: everything the server sent, so that a body
     * written after the headers would be seen.
     */
    RawReply rawHead(String path) throws IOException {
        return raw(("HEAD " + base.getPath() + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), REQUEST_TIMEOUT);
    }

    /**
     * Sends {@code request} byte for byte over a new connection and reads until the server closes it. The request
     * is written from another thread, so a server that answers before reading all of it (a header too large) is
     * still heard; a reset after the answer arrived keeps what was received.
     *
     * @throws AssertionError if nothing complete arrives within {@code timeout}
     */
    RawReply raw(byte[] request, Duration timeout) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) timeout.toMillis());
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                } catch (IOException serverStoppedReading) {
                    // the answer (or its absence) is what the reader checks
                }
            }, "it-raw-writer");
            writer.setDaemon(true);
            writer.start();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (InputStream in = socket.getInputStream()) {
                in.transferTo(received);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no complete answer within " + timeout + ", got: "
                        + received.toString(StandardCharsets.ISO_8859_1), e);
            } catch (SocketException e) {
                if (received.size() == 0) {
                    throw e;
                }
            }
            return RawReply.of(received.toByteArray());
        }
    }

    /**
     * @param head status line and header lines, CRLF-separated
     * @param body what the server sent after the blank line, as sent (chunk framing included)
     */
    record RawReply(String head, byte[] body) {

        static RawReply of(byte[] all) throws IOException {
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IOException("incomplete response: " + text);
            }
            return new RawReply(text.substring(0, end), Arrays.copyOfRange(all, end + 4, all.length));
        }

        int bytesAfterHead() {
            return body.length;
        }

        /** The body without chunked framing (RFC 9112 §7.1; no trailers are expected). */
        byte[] content() {
            if (!header("Transfer-Encoding").orElse("").equalsIgnoreCase("chunked")) {
                return body;
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            String text = new String(body, StandardCharsets.ISO_8859_1);
            int position = 0;
            while (true) {
                int lineEnd = text.indexOf("\r\n", position);
                int size = Integer.parseInt(text.substring(position, lineEnd).split(";", 2)[0].trim(), 16);
                if (size == 0) {
                    return content.toByteArray();
                }
                content.write(body, lineEnd + 2, size);
                position = lineEnd + 2 + size + 2;
            }
        }

        int status() {
            return Integer.parseInt(head.substring(head.indexOf(' ') + 1, head.indexOf(' ') + 4));
        }

        /** The first value of a header, matched case-insensitively. */
        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).trim()).findFirst();
        }
    }

    /** Polls {@code /health} until it answers 200. */
    void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (get("health").status() == 200) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError("service did not become ready within " + READY_TIMEOUT);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), values));
        return lower;
    }
}

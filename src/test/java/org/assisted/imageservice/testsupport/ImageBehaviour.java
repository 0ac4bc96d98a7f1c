package org.assisted.imageservice.testsupport;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.assisted.imageservice.testsupport.FakeAssistedService.Endpoint;

/**
 * What {@link FakeAssistedService} answers for one image ID. Defaults: ignition 200 with a small config and no
 * Last-Modified; minimal-initrd 204; infra-env 200 {@code {"id": "<id>"}} (no kernel arguments); no delays.
 */
public final class ImageBehaviour {

    private final String imageId;
    private volatile byte[] ignitionBody = "{\"ignition\":{\"version\":\"3.2.0\"}}".getBytes(StandardCharsets.UTF_8);
    private volatile String ignitionLastModified;
    private volatile int ignitionStatus = 200;
    private volatile byte[] ramdiskBody = new byte[0];
    private volatile int ramdiskStatus = 204;
    private volatile String infraEnvBody;
    private volatile int infraEnvStatus = 200;
    private final Map<Endpoint, Duration> delays = new ConcurrentHashMap<>();
    private final Map<Endpoint, String> redirects = new ConcurrentHashMap<>();
    private final Map<Endpoint, Boolean> truncated = new ConcurrentHashMap<>();

    ImageBehaviour(String imageId) {
        this.imageId = imageId;
        this.infraEnvBody = "{\"id\":" + jsonString(imageId) + "}";
    }

    public ImageBehaviour ignition(String body) {
        return ignition(body.getBytes(StandardCharsets.UTF_8));
    }

    public ImageBehaviour ignition(byte[] body) {
        ignitionBody = body.clone();
        return this;
    }

    /** Raw header value, sent verbatim (so invalid dates can be tested). */
    public ImageBehaviour ignitionLastModified(String value) {
        ignitionLastModified = value;
        return this;
    }

    public ImageBehaviour ignitionStatus(int status) {
        ignitionStatus = status;
        return this;
    }

    /** Answers minimal-initrd with 200 and this body (possibly empty). */
    public ImageBehaviour ramdisk(byte[] body) {
        ramdiskBody = body.clone();
        ramdiskStatus = 200;
        return this;
    }

    /** Answers minimal-initrd with this status; the body set by {@link #ramdisk} is sent unless 204. */
    public ImageBehaviour ramdiskStatus(int status) {
        ramdiskStatus = status;
        return this;
    }

    /** The infra-env carries {@code kernel_arguments} as a JSON string holding this text (e.g. a JSON array). */
    public ImageBehaviour kernelArguments(String kernelArgumentsJson) {
        return infraEnvBody("{\"id\":" + jsonString(imageId) + ",\"kernel_arguments\":" + jsonString(kernelArgumentsJson) + "}");
    }

    /** The whole infra-env response body, verbatim. */
    public ImageBehaviour infraEnvBody(String body) {
        infraEnvBody = body;
        return this;
    }

    public ImageBehaviour infraEnvStatus(int status) {
        infraEnvStatus = status;
        return this;
    }

    /** Sleeps this long before answering the endpoint. */
    public ImageBehaviour delay(Endpoint endpoint, Duration delay) {
        delays.put(endpoint, delay);
        return this;
    }

    public ImageBehaviour delayAll(Duration delay) {
        for (Endpoint endpoint : Endpoint.values()) {
            delay(endpoint, delay);
        }
        return this;
    }

    /** Answers the endpoint with 302 to this location. */
    public ImageBehaviour redirect(Endpoint endpoint, String location) {
        redirects.put(endpoint, location);
        return this;
    }

    /** Answers 200 with a Content-Length larger than the body, then drops the connection mid-body. */
    public ImageBehaviour truncate(Endpoint endpoint) {
        truncated.put(endpoint, Boolean.TRUE);
        return this;
    }

    void respond(Endpoint endpoint, HttpExchange exchange) throws IOException {
        sleep(delays.getOrDefault(endpoint, Duration.ZERO));
        byte[] body = switch (endpoint) {
            case IGNITION -> ignitionBody;
            case MINIMAL_INITRD -> ramdiskBody;
            case INFRA_ENV -> infraEnvBody.getBytes(StandardCharsets.UTF_8);
        };
        if (truncated.containsKey(endpoint)) {
            FakeAssistedService.writeTruncated(exchange, body);
        }
        try (exchange) {
            respondNormally(endpoint, exchange, body);
        }
    }

    private void respondNormally(Endpoint endpoint, HttpExchange exchange, byte[] body) throws IOException {
        String location = redirects.get(endpoint);
        if (location != null) {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        int status = switch (endpoint) {
            case IGNITION -> ignitionStatus;
            case MINIMAL_INITRD -> ramdiskStatus;
            case INFRA_ENV -> infraEnvStatus;
        };
        if (endpoint == Endpoint.IGNITION && ignitionLastModified != null) {
            exchange.getResponseHeaders().set("Last-Modified", ignitionLastModified);
        }
        if (endpoint == Endpoint.INFRA_ENV) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        send(exchange, status, status == 204 ? new byte[0] : body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(Duration delay) throws IOException {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while delaying the answer", e);
        }
    }

    static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}

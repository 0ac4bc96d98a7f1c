package org.assisted.imageservice.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for assisted-service on 127.0.0.1 (JDK HttpServer), serving the three calls of
 * docs/upstream-behaviour.md#assisted-service-calls per configured image ID and recording every request. Unknown paths
 * answer 404; so do unknown IDs unless {@link #answerEveryImage} was called. Each request runs on its own thread, so
 * delayed calls overlap.
 */
public final class FakeAssistedService implements AutoCloseable {

    public static final String INFRA_ENVS_PATH = "/api/assisted-install/v2/infra-envs/";

    /**
     * Pending connections the listening socket queues (the JDK default is 50): a burst of hundreds of downloads
     * opens hundreds of connections at once, and a full queue makes the kernel drop them until clients retry.
     */
    private static final int BACKLOG = 1024;

    /** The three assisted-service endpoints. */
    public enum Endpoint { IGNITION, MINIMAL_INITRD, INFRA_ENV }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;
    private final Map<String, ImageBehaviour> images = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Consumer<ImageBehaviour> unknownImageSetup;

    private FakeAssistedService(HttpServer server, String scheme) {
        AtomicInteger threads = new AtomicInteger();
        this.server = server;
        this.scheme = scheme;
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-assisted-service-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Plain HTTP on an ephemeral port. */
    public static FakeAssistedService start() {
        return start(0);
    }

    /** Plain HTTP on 127.0.0.1:{@code port} (0 = ephemeral). */
    public static FakeAssistedService start(int port) {
        try {
            return new FakeAssistedService(HttpServer.create(loopback(port), BACKLOG), "http");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTTPS on an ephemeral port with the given server identity. */
    public static FakeAssistedService startHttps(SSLContext serverContext) {
        try {
            HttpsServer server = HttpsServer.create(loopback(0), BACKLOG);
            server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
            return new FakeAssistedService(server, "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:<port>}, the form of ASSISTED_SERVICE_HOST. */
    public String hostAndPort() {
        return "127.0.0.1:" + port();
    }

    public String scheme() {
        return scheme;
    }

    public URI baseUri() {
        return URI.create(scheme + "://" + hostAndPort());
    }

    /** The behaviour for an image ID, created with defaults on first use (see {@link ImageBehaviour}). */
    public ImageBehaviour image(String imageId) {
        return images.computeIfAbsent(imageId, ImageBehaviour::new);
    }

    /** Drops every answer, delay and fault configured for an image ID: from now on it gets the defaults. */
    public ImageBehaviour reset(String imageId) {
        ImageBehaviour defaults = new ImageBehaviour(imageId);
        images.put(imageId, defaults);
        return defaults;
    }

    /**
     * Answers every image ID, also those never passed to {@link #image}: the first request for an unknown ID
     * creates its behaviour with the defaults, then applies {@code setup} to it.
     */
    public FakeAssistedService answerEveryImage(Consumer<ImageBehaviour> setup) {
        unknownImageSetup = Objects.requireNonNull(setup, "setup");
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(Endpoint endpoint) {
        return requests.stream().filter(r -> r.endpoint() == endpoint).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * One received request.
     *
     * @param endpoint null when the path matched no endpoint
     * @param imageId  percent-decoded ID segment, null when the path matched no endpoint
     * @param headers  case-insensitive names
     */
    public record RecordedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                                  Endpoint endpoint, String imageId) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        /** Decoded query parameters (first value of each), in order. */
        public Map<String, String> queryParams() {
            Map<String, String> params = new LinkedHashMap<>();
            if (rawQuery != null && !rawQuery.isEmpty()) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    params.putIfAbsent(name, value);
                }
            }
            return params;
        }
    }

    /** Exceptions escaping a handler make the JDK server drop the connection, which truncation relies on. */
    private void handle(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        Route route = Route.parse(rawPath);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        requests.add(new RecordedRequest(exchange.getRequestMethod(), rawPath, exchange.getRequestURI().getRawQuery(),
                Collections.unmodifiableMap(headers), route == null ? null : route.endpoint(),
                route == null ? null : route.imageId()));
        ImageBehaviour image = route == null ? null : knownOrAnswered(route.imageId());
        if (image == null) {
            try (exchange) {
                exchange.sendResponseHeaders(404, -1);
            }
            return;
        }
        image.respond(route.endpoint(), exchange);
    }

    private ImageBehaviour knownOrAnswered(String imageId) {
        Consumer<ImageBehaviour> setup = unknownImageSetup;
        if (setup == null) {
            return images.get(imageId);
        }
        return images.computeIfAbsent(imageId, id -> {
            ImageBehaviour created = new ImageBehaviour(id);
            setup.accept(created);
            return created;
        });
    }

    private record Route(Endpoint endpoint, String imageId) {

        static Route parse(String rawPath) {
            if (!rawPath.startsWith(INFRA_ENVS_PATH)) {
                return null;
            }
            String rest = rawPath.substring(INFRA_ENVS_PATH.length());
            int slash = rest.indexOf('/');
            String rawId = slash < 0 ? rest : rest.substring(0, slash);
            String tail = slash < 0 ? "" : rest.substring(slash);
            Endpoint endpoint = switch (tail) {
                case "" -> Endpoint.INFRA_ENV;
                case "/downloads/files" -> Endpoint.IGNITION;
                case "/downloads/minimal-initrd" -> Endpoint.MINIMAL_INITRD;
                default -> null;
            };
            return endpoint == null || rawId.isEmpty() ? null
                    : new Route(endpoint, URLDecoder.decode(rawId.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
    }

    private static InetSocketAddress loopback(int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
    }

    /** Sends a Content-Length larger than the body, part of the body, then drops the connection. */
    static void writeTruncated(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length + 1000L);
        OutputStream out = exchange.getResponseBody();
        out.write(body);
        out.flush();
        throw new IOException("connection dropped mid-body on purpose");
    }
}

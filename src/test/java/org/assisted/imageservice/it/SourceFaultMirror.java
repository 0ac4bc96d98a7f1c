package org.assisted.imageservice.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OS image mirror on 127.0.0.1 with one path per source fault. Every path answers with its fault until
 * {@link #heal()}, then with its good ISO in full. The arrival time of every request is recorded per path, so a
 * test can tell retries with backoff from a hot loop.
 */
final class SourceFaultMirror implements AutoCloseable {
    private static final Duration MAX_STALL = Duration.ofMinutes(2);

    /** What a path answers before {@link #heal()}. */
    enum Fault {
        /** {@code 500} without a body. */
        SERVER_ERROR,
        /** The good ISO's Content-Length, half of its bytes, then the connection is closed. */
        TRUNCATED,
        /** The good ISO's headers, then nothing until healed or closed; then the connection is closed. */
        STALLED,
        /** Another file, complete and with its own Content-Length. */
        WRONG_FILE
    }

    private record Route(Fault fault, byte[] good, byte[] wrong) {
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(SourceFaultMirror::daemon);
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
    private final CountDownLatch healed = new CountDownLatch(1);

    private SourceFaultMirror() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::answer);
        server.start();
    }

    static SourceFaultMirror start() throws IOException {
        return new SourceFaultMirror();
    }

    /**
     * @param path  e.g. {@code /stalled.iso}
     * @param wrong what {@link Fault#WRONG_FILE} serves; ignored by the other faults
     * @return the URL of {@code path}
     */
    URI route(String path, Fault fault, Path good, Path wrong) throws IOException {
        byte[] wrongBytes = fault == Fault.WRONG_FILE ? Files.readAllBytes(wrong) : new byte[0];
        routes.put(path, new Route(fault, Files.readAllBytes(good), wrongBytes));
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** From now on every path serves its good ISO; stalled responses are dropped. */
    void heal() {
        healed.countDown();
    }

    /** @return {@link System#nanoTime()} of each request to {@code path}, in order */
    List<Long> arrivals(String path) {
        return List.copyOf(arrivals.getOrDefault(path, List.of()));
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        arrivals.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
        Route route = routes.get(path);
        if (route == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        Fault fault = healed.getCount() == 0 ? null : route.fault();
        if (fault == Fault.SERVER_ERROR) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
        }
        byte[] body = fault == Fault.WRONG_FILE ? route.wrong() : route.good();
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        if (fault == Fault.TRUNCATED) {
            out.write(body, 0, body.length / 2);
            out.flush();
            throw new IOException("closing the connection after half of the body");
        }
        if (fault == Fault.STALLED) {
            out.flush();
            stallUntilHealed();
            throw new IOException("closing the stalled connection");
        }
        try (out) {
            out.write(body);
        }
    }

    private void stallUntilHealed() throws IOException {
        try {
            healed.await(MAX_STALL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("mirror closed", e);
        }
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "source-fault-mirror");
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}

package org.assisted.imageservice.store;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** A local HTTP server on 127.0.0.1 that plays scripted responses per path and records requests. */
final class FakeMirror implements AutoCloseable {
    /** How one request is answered. */
    interface Reply {
        void send(HttpExchange exchange, CountDownLatch release) throws IOException;
    }

    /** One received request. */
    record Request(String path, String rawQuery, Headers headers) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, ConcurrentLinkedDeque<Reply>> script = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    FakeMirror() throws IOException {
        this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    /** An HTTPS mirror presenting the server certificate of {@code tls}. */
    static FakeMirror https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new FakeMirror(server);
    }

    private FakeMirror(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Replies are used in order; the last one repeats. */
    FakeMirror on(String path, Reply... replies) {
        script.put(path, new ConcurrentLinkedDeque<>(List.of(replies)));
        return this;
    }

    URI url(String pathAndQuery) {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    static Reply ok(byte[] body) {
        return (ex, release) -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        };
    }

    /** Chunked transfer encoding: no Content-Length. */
    static Reply chunked(byte[] body, int length) {
        return (ex, release) -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body, 0, length);
            }
        };
    }

    /** 302 to {@code location}. */
    static Reply redirect(URI location) {
        return (ex, release) -> {
            ex.getResponseHeaders().set("Location", location.toString());
            ex.sendResponseHeaders(302, -1);
            ex.close();
        };
    }

    static Reply status(int code) {
        return (ex, release) -> {
            ex.sendResponseHeaders(code, -1);
            ex.close();
        };
    }

    /** Declares the full length, sends {@code sent} bytes, then drops the connection. */
    static Reply truncated(byte[] body, int sent) {
        return (ex, release) -> {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, sent);
            out.flush();
            throw new IOException("dropping the connection");
        };
    }

    /** Sends {@code sent} bytes of a declared full-length body, then waits until the mirror is closed. */
    static Reply stall(byte[] body, int sent) {
        return (ex, release) -> {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, sent);
            out.flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("dropping the connection");
        };
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.add(new Request(ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), ex.getRequestHeaders()));
        ConcurrentLinkedDeque<Reply> replies = script.get(ex.getRequestURI().getPath());
        if (replies == null) {
            status(404).send(ex, release);
            return;
        }
        Reply reply = replies.size() > 1 ? replies.pollFirst() : replies.peekFirst();
        reply.send(ex, release);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}

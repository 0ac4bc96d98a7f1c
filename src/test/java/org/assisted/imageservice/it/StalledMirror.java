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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves one file over HTTP on 127.0.0.1: the headers and the first {@value #HEAD_BYTES} bytes at once, the rest
 * only after {@link #release()}, so that an image stays "downloading" for as long as a test needs.
 */
final class StalledMirror implements AutoCloseable {

    private static final int HEAD_BYTES = 64 * 1024;
    private static final long MAX_HOLD_SECONDS = 120;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "stalled-mirror");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch released = new CountDownLatch(1);
    private final Path file;

    private StalledMirror(Path file) throws IOException {
        this.file = file;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static StalledMirror serve(Path file) throws IOException {
        return new StalledMirror(file);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + file.getFileName());
    }

    Path file() {
        return file;
    }

    void release() {
        released.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] content = Files.readAllBytes(file);
        try (exchange) {
            exchange.sendResponseHeaders(200, content.length);
            OutputStream out = exchange.getResponseBody();
            out.write(content, 0, HEAD_BYTES);
            out.flush();
            if (!released.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("never released");
            }
            out.write(content, HEAD_BYTES, content.length - HEAD_BYTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while holding the body", e);
        }
    }
}

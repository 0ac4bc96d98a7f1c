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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OS image mirror on 127.0.0.1 serving one ISO at {@code /os.iso} with its full Content-Length. After a prefix
 * it holds the response until {@link #release()} (or for good: a download that stays in flight), and it counts
 * the requests it received.
 */
final class IsoMirror implements AutoCloseable {
    private static final int CHUNK_BYTES = 256 * 1024;
    private static final Duration MAX_HOLD = Duration.ofMinutes(2);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "iso-mirror");
        thread.setDaemon(true);
        return thread;
    });
    private final byte[] iso;
    private final long holdAfterBytes;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean closed;

    private IsoMirror(Path iso, long holdAfterBytes) throws IOException {
        this.iso = Files.readAllBytes(iso);
        this.holdAfterBytes = holdAfterBytes;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/os.iso", this::serve);
        server.start();
    }

    /** Sends the first {@code bytes} of the ISO, then the rest once {@link #release()}d; never if only closed. */
    static IsoMirror holdingAfter(Path iso, long bytes) throws IOException {
        return new IsoMirror(iso, bytes);
    }

    /** Lets held and future responses complete. */
    void release() {
        released.countDown();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/os.iso");
    }

    int requests() {
        return requests.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        exchange.sendResponseHeaders(200, iso.length);
        try (OutputStream out = exchange.getResponseBody()) {
            int prefix = (int) Math.min(holdAfterBytes, iso.length);
            write(out, 0, prefix);
            if (!released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS) || closed) {
                throw new IOException("held download abandoned");
            }
            write(out, prefix, iso.length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void write(OutputStream out, int from, int to) throws IOException {
        for (int offset = from; offset < to; offset += CHUNK_BYTES) {
            out.write(iso, offset, Math.min(CHUNK_BYTES, to - offset));
            out.flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}

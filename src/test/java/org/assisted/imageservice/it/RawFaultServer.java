package org.assisted.imageservice.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A raw-socket stand-in for the two faults the JDK server behind {@code FakeAssistedService} cannot produce, reached
 * through one of its redirects: a TCP reset in the middle of a {@code Content-Length} body, and a body that trickles
 * in, never idle for long but outlasting the whole-call timeout. Any request path other than the trickle one resets.
 */
final class RawFaultServer implements AutoCloseable {

    static final String RESET_PATH = "/reset";
    static final String TRICKLE_PATH = "/trickle";
    private static final int DECLARED_BODY_BYTES = 4096;
    private static final int SENT_BEFORE_RESET_BYTES = 100;
    private static final long TRICKLE_INTERVAL_MILLIS = 100;
    /** Bounds a trickle to 10 s when the client never gives up. */
    private static final int TRICKLE_BYTES = 100;

    private final ServerSocket server;

    private RawFaultServer(ServerSocket server) {
        this.server = server;
        daemon(this::acceptLoop, "raw-fault-server").start();
    }

    static RawFaultServer start() throws IOException {
        return new RawFaultServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                daemon(() -> serve(socket), "raw-fault-connection").start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            String requestLine = requestLine(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + DECLARED_BODY_BYTES
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            if (requestLine.contains(" " + TRICKLE_PATH + " ")) {
                for (int i = 0; i < TRICKLE_BYTES; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(TRICKLE_INTERVAL_MILLIS);
                }
            } else {
                out.write(new byte[SENT_BEFORE_RESET_BYTES]);
                out.flush();
                socket.setSoLinger(true, 0);
            }
        } catch (IOException clientGaveUp) {
            // the image service cancels a call that exceeded its budget; nothing is left to send
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the request head up to its blank line and returns the request line. */
    private static String requestLine(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
            head.append((char) b);
        }
        int end = head.indexOf("\r\n");
        return end < 0 ? head.toString() : head.substring(0, end);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}

package org.assisted.imageservice.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One GET with {@code Connection: close} on a raw socket, read only as far as the test says: the header block,
 * a number of bytes, or everything; then closed with a FIN ({@link #close()}) or an RST ({@link #reset()}). A small
 * receive buffer (set before connecting, so the window is negotiated with it) makes a client that stops reading
 * block the server after a few hundred KiB.
 */
final class RawDownload implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int CHUNK_BYTES = 64 * 1024;

    private final Socket socket = new Socket();
    private final InputStream in;
    private long received;

    /**
     * Connects and sends the request.
     *
     * @param base               the deployment's root URL, ending with {@code /}
     * @param path               path and query below {@code base}
     * @param receiveBufferBytes SO_RCVBUF of the client socket
     */
    RawDownload(URL base, String path, int receiveBufferBytes) throws IOException {
        try {
            socket.setReceiveBufferSize(receiveBufferBytes);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + base.getPath() + path + " HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** @return the status line, after reading the whole header block */
    String headers(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the headers: " + head);
            }
            received++;
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** Reads up to {@code bytes} more bytes of the response, fewer only at its end; returns how many. */
    long read(long bytes) throws IOException {
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        byte[] chunk = new byte[CHUNK_BYTES];
        long done = 0;
        while (done < bytes) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, bytes - done));
            if (n < 0) {
                break;
            }
            done += n;
        }
        received += done;
        return done;
    }

    /** Reads to the end of the response; returns how many bytes that was. */
    long readBody() throws IOException {
        return read(Long.MAX_VALUE);
    }

    /** Bytes of the response read so far, headers included. */
    long received() {
        return received;
    }

    /** Closes with SO_LINGER 0: the kernel sends an RST and drops whatever was not yet read. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

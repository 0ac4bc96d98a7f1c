package org.assisted.imageservice.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over one blocking {@link SocketChannel} to 127.0.0.1, reading bodies
 * into a reused direct buffer and discarding them, so the client costs the same for every server.
 * Keep-alive is used until the server says {@code Connection: close}.
 */
final class RawHttp implements AutoCloseable {

    private static final int HEADER_MAX_BYTES = 16 * 1024;

    private final int port;
    private final ByteBuffer buffer;
    private SocketChannel channel;

    /**
     * Result of one exchange; {@code firstByteNanos} is from the start of the call to the first response byte.
     * Without Content-Length (a chunked error page) the length is -1 and the body is not read.
     */
    record Result(int status, long contentLength, long bodyBytes, long firstByteNanos, long totalNanos) {
    }

    RawHttp(int port, int bufferBytes) {
        this.port = port;
        this.buffer = ByteBuffer.allocateDirect(Math.max(bufferBytes, HEADER_MAX_BYTES));
    }

    /**
     * Sends a GET and reads the body.
     *
     * @param range          {@code Range} header value or null
     * @param maxBody        stop (and drop the connection) after this many body bytes
     * @param bytesPerSecond pace the reads to this rate; 0 = as fast as possible
     */
    Result get(String pathAndQuery, String range, long maxBody, long bytesPerSecond) throws IOException {
        long start = System.nanoTime();
        if (channel == null) {
            channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (range == null ? "" : "Range: " + range + "\r\n") + "\r\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        buffer.clear();
        long firstByte = readHead();
        Head head = Head.parse(buffer);
        long wanted = Math.max(0, Math.min(head.contentLength, maxBody));
        long body = readBody(wanted, start, bytesPerSecond);
        if (head.close || body < head.contentLength || head.contentLength < 0) {
            close();
        }
        return new Result(head.status, head.contentLength, body, firstByte - start, System.nanoTime() - start);
    }

    private long readHead() throws IOException {
        long firstByte = 0;
        while (indexOfHeaderEnd(buffer) < 0) {
            if (!buffer.hasRemaining() || channel.read(buffer) < 0) {
                throw new IOException("connection closed or header too long after " + buffer.position() + " bytes");
            }
            if (firstByte == 0) {
                firstByte = System.nanoTime();
            }
        }
        return firstByte;
    }

    private long readBody(long wanted, long start, long bytesPerSecond) throws IOException {
        long body = buffer.position();
        while (body < wanted) {
            buffer.clear();
            if (bytesPerSecond > 0) {
                buffer.limit((int) Math.min(buffer.capacity(), Math.max(1, bytesPerSecond / 16)));
                pace(body, start, bytesPerSecond);
            }
            int read = channel.read(buffer);
            if (read < 0) {
                throw new IOException("connection closed after " + body + " of " + wanted + " body bytes");
            }
            body += read;
        }
        return Math.min(body, wanted);
    }

    private static void pace(long done, long start, long bytesPerSecond) throws IOException {
        long due = start + done * 1_000_000_000L / bytesPerSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Leaves the buffer positioned after the body bytes received with the head; returns -1 if incomplete. */
    private static int indexOfHeaderEnd(ByteBuffer buffer) {
        for (int i = 3; i < buffer.position(); i++) {
            if (buffer.get(i - 3) == '\r' && buffer.get(i - 2) == '\n' && buffer.get(i - 1) == '\r'
                    && buffer.get(i) == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private record Head(int status, long contentLength, boolean close) {

        /** Parses the head and compacts the buffer so that its position counts the body bytes already read. */
        static Head parse(ByteBuffer buffer) {
            int end = indexOfHeaderEnd(buffer);
            byte[] bytes = new byte[end];
            buffer.flip();
            buffer.get(bytes);
            buffer.compact();
            String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            long length = -1;
            boolean close = false;
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            return new Head(status, length, close);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}

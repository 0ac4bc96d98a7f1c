package org.assisted.imageservice.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Thousands of paced HTTP/1.1 clients on one thread: every connection is a non-blocking {@link SocketChannel} on one
 * {@link Selector}, reads at most its own rate (a token bucket) and hashes each body as it arrives. A client is a
 * {@link Job}: a list of requests sent one after the other, over one keep-alive connection or a new connection each.
 * A job succeeds when every response has the expected status and, where given, a body whose SHA-256 is the expected
 * one. Used by the boot-storm benchmark and its scaled-down regression test, so that the load generator costs one
 * thread, not one per client, and a server that holds a thread or buffer per slow client shows it.
 */
public final class StormClients {

    private static final int HEAD_MAX_BYTES = 16 * 1024;
    private static final int READ_CHUNK_BYTES = 64 * 1024;
    private static final long TICK_NANOS = 10_000_000;
    /** A client's socket receive buffer: small, so that a slow reader makes the server wait, as on a real network. */
    private static final int RECEIVE_BUFFER_BYTES = 32 * 1024;
    private static final int FAILURES_KEPT = 20;

    /**
     * One request of a job.
     *
     * @param pathAndQuery request target
     * @param range        {@code Range} header value, or null
     * @param status       expected status
     * @param sha256       expected SHA-256 of the body in lower-case hex, or null to accept any body
     */
    public record Step(String pathAndQuery, String range, int status, String sha256) {
    }

    /**
     * One client.
     *
     * @param kind           label for the outcome table
     * @param steps          requests in order
     * @param bytesPerSecond read pace; 0 reads as fast as the client can
     * @param keepAlive      whether the steps share one connection (until the server closes it)
     */
    public record Job(String kind, List<Step> steps, long bytesPerSecond, boolean keepAlive) {
    }

    /** Completed and failed jobs per kind, a sample of the failures, and the body bytes read. */
    public record Outcome(Map<String, int[]> byKind, List<String> failures, long bodyBytes) {
        public int failed() {
            return byKind.values().stream().mapToInt(counts -> counts[1]).sum();
        }

        public int completed() {
            return byKind.values().stream().mapToInt(counts -> counts[0]).sum();
        }
    }

    private final int port;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_CHUNK_BYTES);
    private final Map<String, int[]> byKind = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<Client> paused = new ArrayList<>();
    private long bodyBytes;
    private int running;

    private StormClients(int port) throws IOException {
        this.port = port;
        this.selector = Selector.open();
    }

    /**
     * Starts the jobs {@code spacing} apart and runs them until all have ended or {@code limit} has passed (the
     * rest then count as failed).
     */
    public static Outcome run(int port, List<Job> jobs, Duration spacing, Duration limit) throws IOException {
        StormClients storm = new StormClients(port);
        try {
            return storm.drive(jobs, spacing.toNanos(), System.nanoTime() + limit.toNanos());
        } finally {
            storm.selector.close();
        }
    }

    private Outcome drive(List<Job> jobs, long spacingNanos, long deadline) throws IOException {
        jobs.forEach(job -> byKind.putIfAbsent(job.kind(), new int[2]));
        long start = System.nanoTime();
        int started = 0;
        while (started < jobs.size() || running > 0) {
            long now = System.nanoTime();
            if (now > deadline) {
                for (SelectionKey key : List.copyOf(selector.keys())) {
                    ((Client) key.attachment()).fail("still running at the time limit");
                }
                for (Client client : List.copyOf(paused)) {
                    client.fail("still running at the time limit");
                }
                for (int i = started; i < jobs.size(); i++) {
                    byKind.get(jobs.get(i).kind())[1]++;
                }
                break;
            }
            while (started < jobs.size() && now - start >= started * spacingNanos) {
                new Client(jobs.get(started++)).connect();
            }
            selector.select(Math.max(1, TICK_NANOS / 1_000_000));
            for (SelectionKey key : selector.selectedKeys()) {
                Client client = (Client) key.attachment();
                try {
                    client.ready(key);
                } catch (IOException | RuntimeException e) {
                    client.fail(e.toString());
                }
            }
            selector.selectedKeys().clear();
            resumePaused(System.nanoTime());
        }
        return new Outcome(byKind, List.copyOf(failures), bodyBytes);
    }

    private void resumePaused(long now) {
        for (int i = paused.size() - 1; i >= 0; i--) {
            Client client = paused.get(i);
            if (client.refill(now) > 0) {
                paused.remove(i);
                client.key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    /** One job's connection and position. */
    private final class Client {
        private final Job job;
        private final MessageDigest digest;
        private final ByteBuffer head = ByteBuffer.allocate(HEAD_MAX_BYTES);
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer request;
        private int step;
        private boolean inBody;
        private int status;
        private long remaining;
        private boolean serverCloses;
        private double tokens;
        private long refilledAt;
        private boolean ended;

        Client(Job job) {
            this.job = job;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void connect() throws IOException {
            running++;
            openConnection();
        }

        private void openConnection() throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(new InetSocketAddress("127.0.0.1", port));
            key = channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, this);
            prepareRequest();
        }

        private void prepareRequest() {
            Step current = job.steps().get(step);
            String text = "GET " + current.pathAndQuery() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + (current.range() == null ? "" : "Range: " + current.range() + "\r\n")
                    + (job.keepAlive() ? "" : "Connection: close\r\n") + "\r\n";
            request = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            head.clear();
            inBody = false;
            digest.reset();
            refilledAt = System.nanoTime();
            tokens = 0;
        }

        void ready(SelectionKey selected) throws IOException {
            if (selected.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE);
            } else if (selected.isWritable()) {
                channel.write(request);
                if (!request.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            } else if (selected.isReadable()) {
                read();
            }
        }

        /** Adds the tokens earned since the last refill; returns what may be read now. */
        long refill(long now) {
            if (job.bytesPerSecond() <= 0) {
                return READ_CHUNK_BYTES;
            }
            tokens = Math.min(READ_CHUNK_BYTES, tokens + job.bytesPerSecond() * ((now - refilledAt) / 1e9));
            refilledAt = now;
            return (long) tokens;
        }

        private void read() throws IOException {
            long allowance = inBody ? Math.min(refill(System.nanoTime()), remaining) : READ_CHUNK_BYTES;
            if (allowance <= 0) {
                key.interestOps(0);
                paused.add(this);
                return;
            }
            readBuffer.clear().limit((int) Math.min(READ_CHUNK_BYTES, inBody ? allowance : head.remaining()));
            int n = channel.read(readBuffer);
            if (n < 0) {
                throw new IOException("connection closed by the server " + (inBody ? "with " + remaining
                        + " body bytes missing" : "before a complete header block"));
            }
            readBuffer.flip();
            if (!inBody) {
                head.put(readBuffer);
                if (!parseHead()) {
                    return;
                }
                ByteBuffer leftover = head.flip().slice();
                head.clear();
                consumeBody(leftover);
            } else {
                if (job.bytesPerSecond() > 0) {
                    tokens -= n;
                }
                consumeBody(readBuffer);
            }
            if (inBody && remaining == 0) {
                finishStep();
            }
        }

        /** Parses a complete header block from {@link #head}, leaving what follows it there; false if incomplete. */
        private boolean parseHead() throws IOException {
            byte[] bytes = new byte[head.position()];
            head.flip().get(bytes);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                if (bytes.length == HEAD_MAX_BYTES) {
                    throw new IOException("header block over " + HEAD_MAX_BYTES + " bytes");
                }
                head.clear().put(bytes);
                return false;
            }
            String[] lines = text.substring(0, end).split("\r\n");
            status = Integer.parseInt(lines[0].split(" ")[1]);
            remaining = -1;
            serverCloses = false;
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].toLowerCase(Locale.ROOT);
                if (line.startsWith("content-length:")) {
                    remaining = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("connection:") && line.contains("close")) {
                    serverCloses = true;
                }
            }
            if (remaining < 0) {
                throw new IOException("status " + status + " without Content-Length");
            }
            head.clear().put(bytes, end + 4, bytes.length - end - 4);
            inBody = true;
            return true;
        }

        private void consumeBody(ByteBuffer bytes) throws IOException {
            if (bytes.remaining() > remaining) {
                throw new IOException((bytes.remaining() - remaining) + " bytes beyond the body");
            }
            remaining -= bytes.remaining();
            bodyBytes += bytes.remaining();
            digest.update(bytes);
        }

        private void finishStep() throws IOException {
            Step current = job.steps().get(step);
            if (status != current.status()) {
                throw new IOException(current.pathAndQuery() + ": status " + status + ", expected " + current.status());
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (current.sha256() != null && !current.sha256().equals(sha256)) {
                throw new IOException(current.pathAndQuery() + " " + current.range() + ": body SHA-256 " + sha256
                        + ", expected " + current.sha256());
            }
            step++;
            if (step == job.steps().size()) {
                end(true, null);
                return;
            }
            if (job.keepAlive() && !serverCloses) {
                prepareRequest();
                key.interestOps(SelectionKey.OP_WRITE);
            } else {
                key.cancel();
                channel.close();
                openConnection();
            }
        }

        void fail(String reason) {
            end(false, job.kind() + " step " + step + ": " + reason);
        }

        private void end(boolean completed, String failure) {
            if (ended) {
                return;
            }
            ended = true;
            running--;
            paused.remove(this);
            byKind.get(job.kind())[completed ? 0 : 1]++;
            if (failure != null && failures.size() < FAILURES_KEPT) {
                failures.add(failure);
            }
            try {
                key.cancel();
                channel.close();
            } catch (IOException e) {
                // closing a failed connection
            }
        }
    }
}

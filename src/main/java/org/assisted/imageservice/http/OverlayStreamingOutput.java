package org.assisted.imageservice.http;

import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.assisted.imageservice.iso.OverlayPlan;

/**
 * Streams an {@link OverlayPlan}: the whole content, one range, or several ranges as
 * {@code multipart/byteranges} (RFC 9110 §14.6). {@link #contentLength()} is exact and known before
 * {@link #write} runs, so the caller can send {@code Content-Length}.
 *
 * <p>{@code write} opens the base file and any appended file itself (and closes them), takes one direct
 * buffer of {@link #BUFFER_BYTES} from a small pool for the whole response, fills it with positional
 * {@link FileChannel} reads (the kernel copies the file into it) and hands it to the container:
 * {@link #write(WritableByteChannel)} passes the buffer itself, so a container channel such as
 * {@code ServletOutputStream.write(ByteBuffer)} copies it once into its socket buffer and nothing
 * else copies; {@link #write(OutputStream)} goes through a stream adapter, which copies once more.
 * No allocation per chunk; the container's stream is never closed.
 *
 * <p>Multipart framing, per part: {@code "--" boundary CRLF}, {@code Content-Type} and
 * {@code Content-Range} lines each ending in CRLF, an empty line, the bytes, then CRLF; after the last
 * part {@code "--" boundary "--" CRLF}.
 */
public final class OverlayStreamingOutput implements StreamingOutput {

    /** Size of the one read buffer of a response, in bytes. */
    public static final int BUFFER_BYTES = 256 * 1024;

    /** Buffers kept for reuse (16 MiB); more concurrent responses allocate and leave theirs to the collector. */
    private static final int POOLED_BUFFERS = 64;
    private static final BlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(POOLED_BUFFERS);

    private static final String CRLF = "\r\n";

    private final OverlayPlan plan;
    private final List<Part> parts;
    private final byte[] trailer;
    private final long contentLength;

    private record Part(byte[] header, ByteRange range) {
    }

    private OverlayStreamingOutput(OverlayPlan plan, List<Part> parts, byte[] trailer) {
        this.plan = plan;
        this.parts = List.copyOf(parts);
        this.trailer = trailer;
        long total = trailer.length;
        for (Part part : parts) {
            if (part.range().last() >= plan.length()) {
                throw new IllegalArgumentException("range " + part.range() + " outside content of "
                        + plan.length() + " bytes");
            }
            total += part.header().length + part.range().length();
        }
        this.contentLength = total;
    }

    /** The whole content (200). */
    public static OverlayStreamingOutput full(OverlayPlan plan) {
        List<Part> parts = plan.length() == 0
                ? List.of()
                : List.of(new Part(new byte[0], new ByteRange(0, plan.length() - 1)));
        return new OverlayStreamingOutput(plan, parts, new byte[0]);
    }

    /** One range, unframed (206 with {@code Content-Range}). */
    public static OverlayStreamingOutput range(OverlayPlan plan, ByteRange range) {
        return new OverlayStreamingOutput(plan, List.of(new Part(new byte[0], range)), new byte[0]);
    }

    /**
     * Several ranges as a {@code multipart/byteranges} body, in the given order.
     *
     * @param partType {@code Content-Type} of every part
     * @param boundary multipart boundary (RFC 2046 §5.1.1: 1-70 characters that do not occur in the content)
     */
    public static OverlayStreamingOutput multipart(OverlayPlan plan, List<ByteRange> ranges, String partType,
            String boundary) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("a multipart/byteranges body needs at least one range");
        }
        List<Part> parts = new ArrayList<>(ranges.size());
        for (ByteRange range : ranges) {
            String header = "--" + boundary + CRLF
                    + "Content-Type: " + partType + CRLF
                    + "Content-Range: " + range.contentRange(plan.length()) + CRLF
                    + CRLF;
            String separator = parts.isEmpty() ? "" : CRLF;
            parts.add(new Part(ascii(separator + header), range));
        }
        return new OverlayStreamingOutput(plan, parts, ascii(CRLF + "--" + boundary + "--" + CRLF));
    }

    /** Exact number of bytes {@link #write} produces. */
    public long contentLength() {
        return contentLength;
    }

    /**
     * Writes the body to {@code out}; does not flush or close it.
     *
     * @throws java.io.EOFException if the base file is shorter than the plan's window
     */
    @Override
    public void write(OutputStream out) throws IOException {
        write(Channels.newChannel(out));
    }

    /**
     * Writes the body to {@code out}, which must take every byte offered (blocking); does not close it.
     *
     * @throws java.io.EOFException if the base file or the appended file is shorter than its window in the plan
     */
    public void write(WritableByteChannel out) throws IOException {
        if (plan.baseLength() == 0 && plan.appendedLength() == 0) {
            writeParts(null, null, out, null);
            return;
        }
        ByteBuffer buffer = Optional.ofNullable(POOL.poll()).orElseGet(() -> ByteBuffer.allocateDirect(BUFFER_BYTES));
        try (FileChannel base = open(plan.base(), plan.baseLength());
                FileChannel appended = open(plan.appended(), plan.appendedLength())) {
            writeParts(base, appended, out, buffer);
        } finally {
            buffer.clear();
            POOL.offer(buffer);
        }
    }

    /** {@code null} (nothing to close) when no byte of the file is needed. */
    private static FileChannel open(Path file, long windowLength) throws IOException {
        return windowLength == 0 ? null : FileChannel.open(file, StandardOpenOption.READ);
    }

    private void writeParts(FileChannel base, FileChannel appended, WritableByteChannel out, ByteBuffer buffer)
            throws IOException {
        for (Part part : parts) {
            writeFully(part.header(), out);
            plan.copy(base, appended, part.range().first(), part.range().last(), out, buffer);
        }
        writeFully(trailer, out);
    }

    private static void writeFully(byte[] bytes, WritableByteChannel out) throws IOException {
        ByteBuffer wrapped = ByteBuffer.wrap(bytes);
        while (wrapped.hasRemaining()) {
            out.write(wrapped);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

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

import org.assisted.imageservice.io.ChannelIo;
import org.assisted.imageservice.overlay.CopyBuffers;
import org.assisted.imageservice.overlay.OverlayPlan;

/**
 * Streams an {@link OverlayPlan}: the whole content, one range, or several ranges as
 * {@code multipart/byteranges} (RFC 9110 §14.6). {@link #contentLength()} is exact and known before
 * {@link #write} runs, so the caller can send {@code Content-Length}.
 *
 * <p>{@code write} opens the base file and any appended file itself (and closes them) and copies chunk by chunk
 * through {@link CopyBufferPool#SHARED}: for each chunk it takes a direct buffer, fills it with positional
 * {@link FileChannel} reads (the kernel copies the file into it), hands it to the container and gives it back. A
 * container channel such as {@code ServletOutputStream.write(ByteBuffer)} copies it once into its socket buffer
 * and nothing else copies; {@link #write(OutputStream)} goes through a stream adapter, which copies once more.
 *
 * <p>Slow clients hold no pooled buffer: before taking the buffer for the next chunk, a {@link BodyChannel} is
 * flushed, so that the socket buffer is empty and the chunk's write only copies into it (Tomcat's blocking write
 * returns without waiting when the bytes fit its socket write buffer, {@code socket.appWriteBufSize}, 64 KiB in
 * tomcat-conf). The wait for the client happens in that flush, with no buffer of ours held; a download therefore
 * costs the connection's own socket buffer and a request thread (a virtual one on Java 21+, see
 * docs/operations.md), not a copy buffer. The first chunk is not preceded by a flush, so a small response still
 * leaves in one write with its headers. No allocation per chunk; the container's stream is never closed.
 *
 * <p>Multipart framing, per part: {@code "--" boundary CRLF}, {@code Content-Type} and
 * {@code Content-Range} lines each ending in CRLF, an empty line, the bytes, then CRLF; after the last
 * part {@code "--" boundary "--" CRLF}.
 */
public final class OverlayStreamingOutput implements StreamingOutput {

    /** Largest chunk read from a file and written at once, in bytes. */
    public static final int BUFFER_BYTES = CopyBufferPool.BUFFER_BYTES;

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
        WritableByteChannel channel = Channels.newChannel(out);
        write(new BodyChannel() {
            @Override
            public int write(ByteBuffer source) throws IOException {
                return channel.write(source);
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() {
                // the caller's stream
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        });
    }

    /**
     * Writes the body to {@code out}, which must take every byte offered (blocking); does not close it. A
     * {@link BodyChannel} is flushed between chunks (see the class comment); another channel never is.
     *
     * @throws java.io.EOFException if the base file or the appended file is shorter than its window in the plan
     */
    public void write(WritableByteChannel out) throws IOException {
        FlushingLender lender = new FlushingLender(out);
        if (plan.baseLength() == 0 && plan.appendedLength() == 0) {
            writeParts(null, null, lender);
            return;
        }
        try (FileChannel base = open(plan.base(), plan.baseLength());
                FileChannel appended = open(plan.appended(), plan.appendedLength())) {
            writeParts(base, appended, lender);
        }
    }

    /** {@code null} (nothing to close) when no byte of the file is needed. */
    private static FileChannel open(Path file, long windowLength) throws IOException {
        return windowLength == 0 ? null : FileChannel.open(file, StandardOpenOption.READ);
    }

    private void writeParts(FileChannel base, FileChannel appended, FlushingLender out) throws IOException {
        for (Part part : parts) {
            ChannelIo.writeFully(out, ByteBuffer.wrap(part.header()));
            plan.copy(base, appended, part.range().first(), part.range().last(), out, out);
        }
        ChannelIo.writeFully(out, ByteBuffer.wrap(trailer));
    }

    /**
     * The response channel, counting what it passed on since the last flush, and the lender of the pooled
     * buffers, flushing that before it lends the next one.
     */
    private static final class FlushingLender implements WritableByteChannel, CopyBuffers {
        private final WritableByteChannel out;
        private final BodyChannel flushable;
        private long unflushed;

        FlushingLender(WritableByteChannel out) {
            this.out = out;
            this.flushable = out instanceof BodyChannel body ? body : null;
        }

        @Override
        public ByteBuffer take() throws IOException {
            if (flushable != null && unflushed > 0) {
                flushable.flush();
                unflushed = 0;
            }
            return CopyBufferPool.SHARED.take();
        }

        @Override
        public void give(ByteBuffer buffer) {
            CopyBufferPool.SHARED.give(buffer);
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            int written = out.write(source);
            unflushed += written;
            return written;
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() {
            // the container closes its stream
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

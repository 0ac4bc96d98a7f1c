package org.assisted.imageservice.http;

import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.assisted.imageservice.iso.OverlayPlan;

/**
 * Streams an {@link OverlayPlan}: the whole content, one range, or several ranges as
 * {@code multipart/byteranges} (RFC 9110 §14.6). {@link #contentLength()} is exact and known before
 * {@link #write} runs, so the caller can send {@code Content-Length}.
 *
 * <p>{@code write} opens the base file and any appended file itself (and closes them), allocates one heap buffer of
 * {@link #BUFFER_BYTES} for the whole response, fills it with positional {@link FileChannel} reads and
 * hands its array straight to the container's stream, which it never closes. The container copies
 * from that array into its socket buffer; there is no other copy and no allocation per chunk.
 *
 * <p>Multipart framing, per part: {@code "--" boundary CRLF}, {@code Content-Type} and
 * {@code Content-Range} lines each ending in CRLF, an empty line, the bytes, then CRLF; after the last
 * part {@code "--" boundary "--" CRLF}.
 */
public final class OverlayStreamingOutput implements StreamingOutput {

    /** Size of the one read buffer of a response, in bytes. */
    public static final int BUFFER_BYTES = 256 * 1024;

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
        try (FileChannel base = open(plan.base(), plan.baseLength());
                FileChannel appended = open(plan.appended(), plan.appendedLength())) {
            long fileBytes = plan.baseLength() + plan.appendedLength();
            ByteBuffer buffer = ByteBuffer.wrap(new byte[(int) Math.min(BUFFER_BYTES, fileBytes)]);
            for (Part part : parts) {
                writeNonEmpty(part.header(), out);
                plan.copy(base, appended, part.range().first(), part.range().last(), out, buffer);
            }
            writeNonEmpty(trailer, out);
        }
    }

    /** {@code null} (nothing to close) when no byte of the file is needed. */
    private static FileChannel open(Path file, long windowLength) throws IOException {
        return windowLength == 0 ? null : FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Tomcat closes the response once Content-Length bytes are written and then refuses any write,
     * even an empty one.
     */
    private static void writeNonEmpty(byte[] bytes, OutputStream out) throws IOException {
        if (bytes.length > 0) {
            out.write(bytes);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

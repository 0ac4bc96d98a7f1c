package org.assisted.imageservice.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assisted.imageservice.overlay.NaiveModel;
import org.assisted.imageservice.overlay.Overlay;
import org.assisted.imageservice.overlay.OverlayPlan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverlayStreamingOutputTest {

    /** Spans many copy chunks; the ranges below are written for this size. */
    private static final int BASE_BYTES = 3 * 256 * 1024 + 12345;
    private static final int WINDOW_OFFSET = 1000;
    private static final int WINDOW_BYTES = BASE_BYTES - 5000;
    private static final long MIB = 1024 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    @TempDir
    Path dir;

    private OverlayPlan plan;
    private byte[] model;

    @BeforeEach
    void createPlan() throws IOException {
        Random random = new Random(7);
        byte[] file = new byte[BASE_BYTES];
        random.nextBytes(file);
        Path base = Files.write(dir.resolve("base.iso"), file);
        int buffer = OverlayStreamingOutput.BUFFER_BYTES;
        List<Overlay> overlays = List.of(
                overlay(random, 0, 16),
                overlay(random, buffer - 100, 200),
                overlay(random, 2L * buffer + 7, 3000),
                overlay(random, WINDOW_BYTES - 10, 50),
                overlay(random, WINDOW_BYTES + 40, 1000));
        plan = OverlayPlan.of(base, WINDOW_OFFSET, WINDOW_BYTES, overlays);
        model = NaiveModel.content(file, WINDOW_OFFSET, WINDOW_BYTES, overlays);
    }

    @Test
    void fullBodyEqualsTheModelAndLeavesTheStreamOpen() throws IOException {
        RecordingStream out = new RecordingStream();
        OverlayStreamingOutput body = OverlayStreamingOutput.full(plan);
        body.write(out);

        assertEquals(model.length, body.contentLength());
        assertArrayEquals(model, out.toByteArray());
        assertFalse(out.closed);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource({
        "bytes=0-0",
        "bytes=100-300000",
        "bytes=-1",
        "bytes=-700000",
        "bytes=262000-",
        "bytes=0-99999999999",
    })
    void singleRangeBodyEqualsTheModelSlice(String range) throws IOException {
        Response response = get(range);
        Matcher matcher = CONTENT_RANGE.matcher(response.getHeaderString("Content-Range"));
        assertTrue(matcher.matches());
        int first = Integer.parseInt(matcher.group(1));
        int last = Integer.parseInt(matcher.group(2));
        assertEquals(model.length, Integer.parseInt(matcher.group(3)));

        byte[] body = write(response);
        assertEquals(Long.parseLong(response.getHeaderString("Content-Length")), body.length);
        assertArrayEquals(Arrays.copyOfRange(model, first, last + 1), body);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-9,20-29",
        "bytes=262100-262200, 0-15 ,-2000",
        "bytes=5-5,5-5,5-5",
        "bytes=9999999-,1-2,524288-530000",
    })
    void multipartBodyParsesBackIntoModelSlices(String range) throws IOException {
        Response response = get(range);
        String type = response.getHeaderString("Content-Type");
        String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());

        byte[] body = write(response);
        assertEquals(Long.parseLong(response.getHeaderString("Content-Length")), body.length);
        List<long[]> parts = parseMultipart(body, boundary);
        List<ByteRange> expected = ((RangeDecision.Partial) RangeDecision.of(RangeHeader.parse(range), model.length))
                .ranges();
        assertEquals(expected.size(), parts.size());
        for (int i = 0; i < parts.size(); i++) {
            assertEquals(expected.get(i).first(), parts.get(i)[0]);
            assertEquals(expected.get(i).last(), parts.get(i)[1]);
        }
    }

    @Test
    void multipartFramingMatchesRfc9110Example() throws IOException {
        OverlayPlan small = OverlayPlan.ofBytes("0123456789".getBytes(StandardCharsets.US_ASCII));
        OverlayStreamingOutput body = OverlayStreamingOutput.multipart(small,
                List.of(new ByteRange(0, 1), new ByteRange(8, 9)), "application/octet-stream", "THIS_STRING");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.write(out);

        String expected = "--THIS_STRING\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-1/10\r\n\r\n01"
                + "\r\n--THIS_STRING\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 8-9/10\r\n\r\n89"
                + "\r\n--THIS_STRING--\r\n";
        assertEquals(expected, out.toString(StandardCharsets.US_ASCII));
        assertEquals(expected.length(), body.contentLength());
    }

    @Test
    void truncatedBaseFileFailsWhileStreaming() throws IOException {
        Files.write(plan.base(), new byte[WINDOW_OFFSET + 10]);
        OverlayStreamingOutput body = OverlayStreamingOutput.full(plan);
        assertThrows(EOFException.class, () -> body.write(OutputStream.nullOutputStream()));
    }

    /**
     * The PXE initrd shape: window and overlays (or only in-memory bytes), then a file window longer than the
     * buffer, through the channel path (pooled direct buffer) and the stream path; the last 21 file bytes are
     * outside the appended window and must not be sent.
     */
    @ParameterizedTest(name = "withBase={0}")
    @CsvSource({"true", "false"})
    void appendedFileWindowFollowsTheOverlaysOnBothWritePaths(boolean withBase) throws IOException {
        byte[] tail = new byte[OverlayStreamingOutput.BUFFER_BYTES + 4321];
        new Random(11).nextBytes(tail);
        Path tailFile = Files.write(dir.resolve("nmstate.img"), tail);
        byte[] head = withBase ? model : new byte[] {1, 2, 3};
        OverlayPlan appended = (withBase ? plan : OverlayPlan.ofBytes(head)).append(tailFile, tail.length - 21);
        byte[] expected = Arrays.copyOf(head, head.length + tail.length - 21);
        System.arraycopy(tail, 0, expected, head.length, tail.length - 21);

        ByteArrayOutputStream channelOut = new ByteArrayOutputStream();
        OverlayStreamingOutput.full(appended).write(Channels.newChannel(channelOut));
        assertArrayEquals(expected, channelOut.toByteArray());
        ByteRange straddling = new ByteRange(head.length - 2, expected.length - 2);
        RecordingStream streamOut = new RecordingStream();
        OverlayStreamingOutput.range(appended, straddling).write(streamOut);
        assertArrayEquals(Arrays.copyOfRange(expected, head.length - 2, expected.length - 1), streamOut.toByteArray());

        Files.write(tailFile, Arrays.copyOf(tail, 100));
        assertThrows(EOFException.class, () -> OverlayStreamingOutput.full(appended)
                .write(Channels.newChannel(OutputStream.nullOutputStream())));
    }

    /** A 200 MiB sparse base with markers and overlays, checked byte by byte as it streams. */
    @Test
    void largeSparseBaseStreamsInBufferSizedChunks() throws IOException {
        long size = 200 * MIB;
        Path base = dir.resolve("sparse.iso");
        List<Overlay> markers = new ArrayList<>();
        Random random = new Random(42);
        try (RandomAccessFile file = new RandomAccessFile(base.toFile(), "rw")) {
            file.setLength(size);
            for (long offset : new long[] {0, 32 * 1024, 100 * MIB - 3, size - 5000}) {
                Overlay marker = overlay(random, offset, 4096);
                file.seek(offset);
                file.write(marker.bytes());
                markers.add(marker);
            }
        }
        List<Overlay> overlays = List.of(
                overlay(random, 32768 + 2048, 4096), overlay(random, 150 * MIB + 5, 100_000),
                overlay(random, size, 777), overlay(random, size + 777, 3));
        OverlayPlan big = OverlayPlan.forFile(base, overlays);
        assertEquals(size + 780, big.length());

        for (ByteRange range : List.of(new ByteRange(0, big.length() - 1), new ByteRange(99 * MIB + 1, 150 * MIB + 17))) {
            VerifyingStream out = new VerifyingStream(range.first(), overlays, markers);
            OverlayStreamingOutput.range(big, range).write(out);
            assertEquals(range.length(), out.position - range.first());
            assertTrue(out.largestWrite <= OverlayStreamingOutput.BUFFER_BYTES, "largest write " + out.largestWrite);
        }
    }

    /**
     * A slow client must not hold a pooled buffer: the body channel is flushed before every chunk but the first, and
     * no buffer is lent by this response while it waits in a flush, so every chunk's write only fills the socket
     * buffer. The first chunk goes out with the headers, unflushed.
     */
    @Test
    void flushesBetweenChunksHoldingNoPooledBuffer() throws IOException {
        List<Integer> buffersLentDuringFlush = new ArrayList<>();
        List<Long> bytesAtFlush = new ArrayList<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int lentBefore = CopyBufferPool.SHARED.inUse();
        BodyChannel channel = new BodyChannel() {
            @Override
            public int write(java.nio.ByteBuffer source) {
                int n = source.remaining();
                byte[] bytes = new byte[n];
                source.get(bytes);
                received.write(bytes, 0, n);
                return n;
            }

            @Override
            public void flush() {
                buffersLentDuringFlush.add(CopyBufferPool.SHARED.inUse() - lentBefore);
                bytesAtFlush.add((long) received.size());
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
                // not ours
            }
        };
        OverlayStreamingOutput.full(plan).write(channel);

        assertArrayEquals(model, received.toByteArray());
        int chunks = (WINDOW_BYTES + OverlayStreamingOutput.BUFFER_BYTES - 1) / OverlayStreamingOutput.BUFFER_BYTES;
        assertTrue(bytesAtFlush.size() >= chunks - 1, "flushes " + bytesAtFlush);
        assertTrue(bytesAtFlush.get(0) > 0, "no flush before the first chunk");
        assertEquals(List.of(0), buffersLentDuringFlush.stream().distinct().toList());
        assertEquals(lentBefore, CopyBufferPool.SHARED.inUse(), "every buffer given back");
    }

    private Response get(String range) {
        FakeRequest request = FakeRequest.of("GET").header("Range", range);
        DownloadMetadata meta = new DownloadMetadata(null, "x.iso", MediaType.APPLICATION_OCTET_STREAM_TYPE);
        Response response = DownloadResponses.build(request, request, plan, meta);
        assertEquals(206, response.getStatus());
        return response;
    }

    private static byte[] write(Response response) throws IOException {
        RecordingStream out = new RecordingStream();
        assertInstanceOf(OverlayStreamingOutput.class, response.getEntity()).write(out);
        assertFalse(out.closed);
        return out.toByteArray();
    }

    /** Parses a multipart/byteranges body, checks each part against the model, returns [first, last] per part. */
    private List<long[]> parseMultipart(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        List<long[]> parts = new ArrayList<>();
        int position = 0;
        while (true) {
            assertTrue(text.startsWith(parts.isEmpty() ? delimiter : "\r\n" + delimiter, position), "at " + position);
            position += (parts.isEmpty() ? 0 : 2) + delimiter.length();
            if (text.startsWith("--\r\n", position)) {
                assertEquals(body.length, position + 4, "nothing after the close delimiter");
                return parts;
            }
            int headersEnd = text.indexOf("\r\n\r\n", position);
            String headers = text.substring(position + 2, headersEnd);
            assertEquals("application/octet-stream", header(headers, "Content-Type"));
            Matcher matcher = CONTENT_RANGE.matcher(header(headers, "Content-Range"));
            assertTrue(matcher.matches(), headers);
            int first = Integer.parseInt(matcher.group(1));
            int last = Integer.parseInt(matcher.group(2));
            position = headersEnd + 4;
            assertArrayEquals(Arrays.copyOfRange(model, first, last + 1),
                    Arrays.copyOfRange(body, position, position + last - first + 1));
            position += last - first + 1;
            parts.add(new long[] {first, last});
        }
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2);
            }
        }
        throw new AssertionError(name + " missing in " + headers);
    }

    private static Overlay overlay(Random random, long offset, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return new Overlay(offset, bytes);
    }

    private static final class RecordingStream extends ByteArrayOutputStream {
        private boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Sorted, non-overlapping byte patches, looked up at increasing positions. */
    private static final class Patches {
        private final List<Overlay> sorted;
        private int index;

        Patches(List<Overlay> patches) {
            sorted = new ArrayList<>(patches);
            sorted.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        }

        /** The first patch ending after {@code position}, or null; positions must not decrease. */
        Overlay from(long position) {
            while (index < sorted.size() && sorted.get(index).end() <= position) {
                index++;
            }
            return index == sorted.size() ? null : sorted.get(index);
        }
    }

    /**
     * Checks every byte as it arrives, keeping nothing: overlays win over base markers, and the rest
     * of the sparse base reads as zero. The expected source is recomputed only at segment ends.
     */
    private static final class VerifyingStream extends OutputStream {
        private static final byte[] NONE = new byte[0];

        private final Patches overlays;
        private final Patches markers;
        private long position;
        private long segmentEnd;
        private byte[] segmentBytes = NONE;
        private long segmentOffset;
        private int largestWrite;

        VerifyingStream(long start, List<Overlay> overlays, List<Overlay> markers) {
            this.position = start;
            this.segmentEnd = start;
            this.overlays = new Patches(overlays);
            this.markers = new Patches(markers);
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            largestWrite = Math.max(largestWrite, length);
            for (int i = 0; i < length; i++, position++) {
                if (position >= segmentEnd) {
                    nextSegment();
                }
                byte expected = segmentBytes == NONE ? 0 : segmentBytes[(int) (position - segmentOffset)];
                if (bytes[offset + i] != expected) {
                    throw new AssertionError("byte at content offset " + position + ": expected " + expected
                            + " but was " + bytes[offset + i]);
                }
            }
        }

        private void nextSegment() {
            Overlay overlay = overlays.from(position);
            long overlayStart = overlay == null ? Long.MAX_VALUE : overlay.offset();
            if (overlayStart <= position) {
                use(overlay, overlay.end());
                return;
            }
            Overlay marker = markers.from(position);
            if (marker != null && marker.offset() <= position) {
                use(marker, Math.min(marker.end(), overlayStart));
            } else {
                use(null, Math.min(marker == null ? Long.MAX_VALUE : marker.offset(), overlayStart));
            }
        }

        private void use(Overlay source, long end) {
            segmentBytes = source == null ? NONE : source.bytes();
            segmentOffset = source == null ? 0 : source.offset();
            segmentEnd = end;
        }
    }
}

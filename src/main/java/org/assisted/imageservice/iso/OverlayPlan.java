package org.assisted.imageservice.iso;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The content of one download: a window of a base file plus in-memory overlays.
 *
 * <p>Content position {@code p} maps to base file offset {@code baseOffset + p}, unless an overlay
 * covers {@code p}. Overlay offsets are content positions (relative to the window start). An overlay
 * may replace window bytes, run past the window end, or start exactly where the content so far ends
 * (an append, as for a PXE initrd: initrd window + ignition archive + ramdisk + nmstate archive), so
 * every position below {@link #length()} is backed by the window or by exactly one overlay.
 *
 * <p>Immutable; {@link #copy} opens nothing, so one plan may serve any number of concurrent requests.
 * The overlay byte arrays are shared, not copied, and must not be modified.
 */
public final class OverlayPlan {

    private static final Comparator<Overlay> BY_OFFSET = Comparator.comparingLong(Overlay::offset);

    private final Path base;
    private final long baseOffset;
    private final long baseLength;
    private final List<Overlay> overlays;
    private final long length;

    private OverlayPlan(Path base, long baseOffset, long baseLength, List<Overlay> overlays, long length) {
        this.base = base;
        this.baseOffset = baseOffset;
        this.baseLength = baseLength;
        this.overlays = overlays;
        this.length = length;
    }

    /**
     * Builds a plan after checking the layout; no file is touched.
     *
     * @param base       the base file; may be {@code null} only when {@code baseLength} is 0
     * @param baseOffset start of the window in the base file, in bytes
     * @param baseLength window length in bytes
     * @param overlays   overlays in any order; zero-length ones are validated and then dropped
     * @throws IllegalArgumentException on a negative offset or length, overlapping overlays, or an
     *                                  overlay starting past the end of the content before it (a gap)
     */
    public static OverlayPlan of(Path base, long baseOffset, long baseLength, List<Overlay> overlays) {
        if (baseOffset < 0 || baseLength < 0 || baseOffset > Long.MAX_VALUE - baseLength) {
            throw new IllegalArgumentException(
                    "invalid base window: offset " + baseOffset + ", length " + baseLength);
        }
        if (base == null && baseLength > 0) {
            throw new IllegalArgumentException("a base window of " + baseLength + " bytes needs a base file");
        }
        List<Overlay> sorted = new ArrayList<>(overlays);
        sorted.sort(BY_OFFSET);
        List<Overlay> kept = new ArrayList<>(sorted.size());
        long end = baseLength;
        long previousEnd = 0;
        for (Overlay overlay : sorted) {
            checkPlacement(overlay, end, previousEnd);
            if (overlay.bytes().length > 0) {
                kept.add(overlay);
                previousEnd = overlay.end();
                end = Math.max(end, previousEnd);
            }
        }
        return new OverlayPlan(base, baseOffset, baseLength, List.copyOf(kept), end);
    }

    /**
     * @param end         end of the content made of the window and the overlays before this one
     * @param previousEnd end of the previous non-empty overlay
     */
    private static void checkPlacement(Overlay overlay, long end, long previousEnd) {
        long offset = overlay.offset();
        if (offset < 0 || offset > Long.MAX_VALUE - overlay.bytes().length) {
            throw new IllegalArgumentException("overlay at negative or overflowing offset " + offset);
        }
        if (offset > end) {
            throw new IllegalArgumentException("overlay at offset " + offset
                    + " leaves a gap: the content before it ends at offset " + end);
        }
        if (overlay.bytes().length > 0 && offset < previousEnd) {
            throw new IllegalArgumentException("overlay at offset " + offset
                    + " overlaps the previous overlay, which ends at offset " + previousEnd);
        }
    }

    /**
     * Builds a plan whose window is the whole base file, reading the file size now.
     *
     * @throws IOException if the size of {@code base} cannot be read
     * @see #of(Path, long, long, List)
     */
    public static OverlayPlan forFile(Path base, List<Overlay> overlays) throws IOException {
        return of(Objects.requireNonNull(base, "base"), 0, Files.size(base), overlays);
    }

    /** Builds a plan for content held entirely in memory (no base file). */
    public static OverlayPlan ofBytes(byte[] content) {
        return of(null, 0, 0, List.of(new Overlay(0, content)));
    }

    /** The base file, or {@code null} when the window is empty. */
    public Path base() {
        return base;
    }

    /** Start of the window in the base file, in bytes. */
    public long baseOffset() {
        return baseOffset;
    }

    /** Window length in bytes. */
    public long baseLength() {
        return baseLength;
    }

    /** Non-empty overlays, sorted by offset, without overlaps. */
    public List<Overlay> overlays() {
        return overlays;
    }

    /** Content length in bytes: the window length or the end of the last overlay, whichever is larger. */
    public long length() {
        return length;
    }

    /**
     * Writes content bytes {@code [first, last]} (inclusive, RFC 9110 §14.1.1 positions) to {@code out}.
     * Base bytes are read with positional reads into {@code buffer} and handed to {@code out} from there;
     * with a direct buffer and a container channel that takes it as is, no byte is copied in Java. The
     * channel position is neither used nor changed. Nothing is opened or closed here.
     *
     * @param baseChannel an open channel on {@link #base()}; may be {@code null} when the window is empty
     * @param out         takes every byte offered (a blocking channel)
     * @param buffer      reused for every read, heap or direct; its contents are overwritten
     * @throws EOFException if the base file ends before the window does
     */
    public void copy(FileChannel baseChannel, long first, long last, WritableByteChannel out, ByteBuffer buffer)
            throws IOException {
        if (first < 0 || last < first || last >= length) {
            throw new IndexOutOfBoundsException(
                    "range " + first + "-" + last + " outside content of " + length + " bytes");
        }
        long position = first;
        long end = last + 1;
        for (Overlay overlay : overlays) {
            if (overlay.offset() >= end) {
                break;
            }
            if (overlay.end() <= position) {
                continue;
            }
            copyBase(baseChannel, position, Math.max(position, overlay.offset()), out, buffer);
            long from = Math.max(position, overlay.offset());
            long to = Math.min(end, overlay.end());
            writeFully(out, ByteBuffer.wrap(overlay.bytes(), (int) (from - overlay.offset()), (int) (to - from)));
            position = to;
        }
        copyBase(baseChannel, position, end, out, buffer);
    }

    /**
     * {@link #copy(FileChannel, long, long, WritableByteChannel, ByteBuffer)} to a stream, through
     * {@link Channels#newChannel(OutputStream)}, which copies into a small array of its own.
     */
    public void copy(FileChannel baseChannel, long first, long last, OutputStream out, ByteBuffer buffer)
            throws IOException {
        copy(baseChannel, first, last, Channels.newChannel(out), buffer);
    }

    private void copyBase(FileChannel channel, long from, long to, WritableByteChannel out, ByteBuffer buffer)
            throws IOException {
        long position = from;
        while (position < to) {
            buffer.clear();
            int chunk = (int) Math.min(buffer.capacity(), to - position);
            buffer.limit(chunk);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, baseOffset + position + buffer.position()) < 0) {
                    throw new EOFException("base file " + base + " ends before offset "
                            + (baseOffset + position + buffer.position()) + "; the window ends at offset "
                            + (baseOffset + baseLength));
                }
            }
            buffer.flip();
            writeFully(out, buffer);
            position += chunk;
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    @Override
    public String toString() {
        return "OverlayPlan[base=" + base + ", baseOffset=" + baseOffset + ", baseLength=" + baseLength
                + ", overlays=" + overlays.size() + ", length=" + length + "]";
    }
}

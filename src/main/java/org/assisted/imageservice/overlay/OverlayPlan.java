package org.assisted.imageservice.overlay;

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
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.assisted.imageservice.io.ChannelIo;

/**
 * The content of one download: a window of a base file plus in-memory overlays.
 *
 * <p>Content position {@code p} maps to base file offset {@code baseOffset + p}, unless an overlay
 * covers {@code p}. Overlay offsets are content positions (relative to the window start). An overlay
 * may replace window bytes, run past the window end, or start exactly where the content so far ends
 * (an append, as for a PXE initrd: initrd window + ignition archive + ramdisk + nmstate archive), so
 * every position below {@link #length()} is backed by the window or by exactly one overlay.
 *
 * <p>The content may end with a window of a second file ({@link #append}), for an appended part too large to
 * hold in memory per version (the cached nmstate archive of a PXE initrd).
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
    private final Path appended;
    private final long appendedLength;
    private final long length;

    private OverlayPlan(Path base, long baseOffset, long baseLength, List<Overlay> overlays, Path appended,
            long appendedLength, long length) {
        this.base = base;
        this.baseOffset = baseOffset;
        this.baseLength = baseLength;
        this.overlays = overlays;
        this.appended = appended;
        this.appendedLength = appendedLength;
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
        return new OverlayPlan(base, baseOffset, baseLength, List.copyOf(kept), null, 0, end);
    }

    /**
     * This content followed by bytes {@code [0, length)} of {@code file}, which are read when copied and never
     * held in memory. No file is touched here.
     *
     * @param length bytes of {@code file} to append; 0 returns this plan
     * @throws IllegalStateException    if this plan already ends with a file window
     * @throws IllegalArgumentException on a negative length or a total length beyond {@link Long#MAX_VALUE}
     */
    public OverlayPlan append(Path file, long length) {
        Objects.requireNonNull(file, "file");
        if (appended != null) {
            throw new IllegalStateException("the plan already ends with " + appended);
        }
        if (length < 0 || length > Long.MAX_VALUE - this.length) {
            throw new IllegalArgumentException("cannot append " + length + " bytes to content of " + this.length);
        }
        return length == 0 ? this
                : new OverlayPlan(base, baseOffset, baseLength, overlays, file, length, this.length + length);
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

    /**
     * What the overlays hold in memory: the lengths of their distinct arrays (overlays that share an array, as the
     * 16 KiB zero chunks filling an ignition area do, count it once). The appended file window is not held.
     */
    public long overlayBytes() {
        Set<byte[]> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        long bytes = 0;
        for (Overlay overlay : overlays) {
            if (counted.add(overlay.bytes())) {
                bytes += overlay.bytes().length;
            }
        }
        return bytes;
    }

    /** The file whose window ends the content, or {@code null} when nothing was {@linkplain #append appended}. */
    public Path appended() {
        return appended;
    }

    /** Length of the appended file window in bytes; 0 when there is none. */
    public long appendedLength() {
        return appendedLength;
    }

    /**
     * Content length in bytes: the window length or the end of the last overlay, whichever is larger, plus the
     * appended file window.
     */
    public long length() {
        return length;
    }

    /**
     * Writes content bytes {@code [first, last]} (inclusive, RFC 9110 §14.1.1 positions) to {@code out}, for a plan
     * without an appended file.
     *
     * @see #copy(FileChannel, FileChannel, long, long, WritableByteChannel, ByteBuffer)
     */
    public void copy(FileChannel baseChannel, long first, long last, WritableByteChannel out, ByteBuffer buffer)
            throws IOException {
        copy(baseChannel, null, first, last, out, buffer);
    }

    /**
     * {@link #copy(FileChannel, long, long, WritableByteChannel, ByteBuffer)} to a stream, through
     * {@link Channels#newChannel(OutputStream)}, which copies into a small array of its own.
     */
    public void copy(FileChannel baseChannel, long first, long last, OutputStream out, ByteBuffer buffer)
            throws IOException {
        copy(baseChannel, null, first, last, Channels.newChannel(out), buffer);
    }

    /**
     * {@link #copy(FileChannel, FileChannel, long, long, WritableByteChannel, ByteBuffer)} to a stream, through
     * {@link Channels#newChannel(OutputStream)}, which copies into a small array of its own.
     */
    public void copy(FileChannel baseChannel, FileChannel appendedChannel, long first, long last, OutputStream out,
            ByteBuffer buffer) throws IOException {
        copy(baseChannel, appendedChannel, first, last, Channels.newChannel(out), buffer);
    }

    /**
     * Writes content bytes {@code [first, last]} (inclusive, RFC 9110 §14.1.1 positions) to {@code out}.
     * File bytes are read with positional reads into {@code buffer} and handed to {@code out} from there;
     * with a direct buffer and a container channel that takes it as is, no byte is copied in Java. Channel
     * positions are neither used nor changed. Nothing is opened or closed here.
     *
     * @param baseChannel     an open channel on {@link #base()}; may be {@code null} when the window is empty
     * @param appendedChannel an open channel on {@link #appended()}; may be {@code null} when there is none
     * @param out             takes every byte offered (a blocking channel)
     * @param buffer          reused for every read, heap or direct; its contents are overwritten
     * @throws EOFException if a file ends before its window does
     */
    public void copy(FileChannel baseChannel, FileChannel appendedChannel, long first, long last,
            WritableByteChannel out, ByteBuffer buffer) throws IOException {
        copy(baseChannel, appendedChannel, first, last, out, CopyBuffers.of(buffer));
    }

    /**
     * {@link #copy(FileChannel, FileChannel, long, long, WritableByteChannel, ByteBuffer)} with a buffer lent per
     * chunk: {@code buffers} is asked for a buffer before each file read and given it back once that chunk is
     * written, so a chunk is at most one buffer's capacity.
     */
    public void copy(FileChannel baseChannel, FileChannel appendedChannel, long first, long last,
            WritableByteChannel out, CopyBuffers buffers) throws IOException {
        if (first < 0 || last < first || last >= length) {
            throw new IndexOutOfBoundsException(
                    "range " + first + "-" + last + " outside content of " + length + " bytes");
        }
        long appendedOffset = length - appendedLength;
        if (first < appendedOffset) {
            copyHead(baseChannel, first, Math.min(last + 1, appendedOffset), out, buffers);
        }
        if (last >= appendedOffset) {
            long from = Math.max(first, appendedOffset) - appendedOffset;
            copyFile(appendedChannel, appended, from, last + 1 - appendedOffset, 0, appendedLength, out, buffers);
        }
    }

    /** Copies {@code [position, end)} of the window-and-overlays part. */
    private void copyHead(FileChannel baseChannel, long first, long end, WritableByteChannel out,
            CopyBuffers buffers) throws IOException {
        long position = first;
        for (Overlay overlay : overlays) {
            if (overlay.offset() >= end) {
                break;
            }
            if (overlay.end() <= position) {
                continue;
            }
            copyBase(baseChannel, position, Math.max(position, overlay.offset()), out, buffers);
            long from = Math.max(position, overlay.offset());
            long to = Math.min(end, overlay.end());
            ChannelIo.writeFully(out,
                    ByteBuffer.wrap(overlay.bytes(), (int) (from - overlay.offset()), (int) (to - from)));
            position = to;
        }
        copyBase(baseChannel, position, end, out, buffers);
    }

    private void copyBase(FileChannel channel, long from, long to, WritableByteChannel out, CopyBuffers buffers)
            throws IOException {
        copyFile(channel, base, from, to, baseOffset, baseLength, out, buffers);
    }

    /**
     * Copies window positions {@code [from, to)} of the window {@code [windowOffset, windowOffset + windowLength)}
     * of {@code file}.
     */
    private static void copyFile(FileChannel channel, Path file, long from, long to, long windowOffset,
            long windowLength, WritableByteChannel out, CopyBuffers buffers) throws IOException {
        long position = from;
        while (position < to) {
            ByteBuffer buffer = buffers.take();
            try {
                buffer.clear();
                int chunk = (int) Math.min(buffer.capacity(), to - position);
                buffer.limit(chunk);
                ChannelIo.readFully(channel, buffer, windowOffset + position,
                        at -> new EOFException("file " + file + " ends before offset " + at
                                + "; the window ends at offset " + (windowOffset + windowLength)));
                buffer.flip();
                ChannelIo.writeFully(out, buffer);
                position += chunk;
            } finally {
                buffers.give(buffer);
            }
        }
    }

    @Override
    public String toString() {
        return "OverlayPlan[base=" + base + ", baseOffset=" + baseOffset + ", baseLength=" + baseLength
                + ", overlays=" + overlays.size() + ", appended=" + appended + ", appendedLength=" + appendedLength
                + ", length=" + length + "]";
    }
}

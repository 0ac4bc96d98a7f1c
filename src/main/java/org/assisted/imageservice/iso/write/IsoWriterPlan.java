package org.assisted.imageservice.iso.write;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assisted.imageservice.io.ChannelIo;
import org.assisted.imageservice.iso.IsoFile;

/**
 * A fully laid-out image: its exact size, where every file lies, and the ordered content to write. Writing is
 * sequential (suitable for streaming); file extents are copied from their sources with
 * {@link FileChannel#transferTo}, gaps are zeros.
 */
public final class IsoWriterPlan {

    private static final int COPY_BUFFER_BYTES = 64 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(COPY_BUFFER_BYTES).asReadOnlyBuffer();

    private final long size;
    private final Map<String, IsoFile> files;
    private final List<IsoWriterSegment> segments;

    IsoWriterPlan(long size, List<IsoFile> files, List<IsoWriterSegment> segments) {
        this.size = size;
        this.files = new LinkedHashMap<>();
        files.forEach(file -> this.files.put(file.path(), file));
        this.segments = List.copyOf(segments);
        long position = 0;
        for (IsoWriterSegment segment : this.segments) {
            if (segment.offset() < position || segment.end() > size) {
                throw new IllegalStateException("overlapping or out-of-image segment at " + segment.offset());
            }
            position = segment.end();
        }
    }

    /** Image size in bytes, a multiple of 2048. */
    public long size() {
        return size;
    }

    /** Every recorded file (directories excluded) in path order, paths with a leading {@code /}. */
    public List<IsoFile> files() {
        return new ArrayList<>(files.values());
    }

    /** The file at {@code path} (with or without leading {@code /}). */
    public Optional<IsoFile> file(String path) {
        return Optional.ofNullable(files.get(path.startsWith("/") ? path : "/" + path));
    }

    /** Writes the whole image; does not close {@code target}. */
    public void writeTo(WritableByteChannel target) throws IOException {
        try (Sources sources = new Sources()) {
            long position = 0;
            for (IsoWriterSegment segment : segments) {
                writeZeros(target, segment.offset() - position);
                write(target, segment.content(), sources);
                position = segment.end();
            }
            writeZeros(target, size - position);
        }
    }

    /** Creates or truncates {@code target} and writes the image to it. */
    public void writeTo(Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeTo(channel);
        }
    }

    private static void write(WritableByteChannel target, IsoTreeContent content, Sources sources) throws IOException {
        if (content instanceof IsoTreeContent.Bytes bytes) {
            ChannelIo.writeFully(target, ByteBuffer.wrap(bytes.bytes()));
        } else if (content instanceof IsoTreeContent.Extent extent) {
            copy(sources.open(extent.file()), extent.offset(), extent.size(), target);
        }
    }

    private static void copy(FileChannel source, long offset, long size, WritableByteChannel target) throws IOException {
        long position = offset;
        long end = offset + size;
        ByteBuffer buffer = null;
        while (position < end) {
            long copied = source.transferTo(position, end - position, target);
            if (copied <= 0) {
                buffer = buffer == null ? ByteBuffer.allocate(COPY_BUFFER_BYTES) : buffer.clear();
                buffer.limit((int) Math.min(COPY_BUFFER_BYTES, end - position));
                copied = source.read(buffer, position);
                if (copied < 0) {
                    throw new EOFException("source ends at " + position + ", extent needs " + end);
                }
                ChannelIo.writeFully(target, buffer.flip());
            }
            position += copied;
        }
    }

    private static void writeZeros(WritableByteChannel target, long count) throws IOException {
        for (long left = count; left > 0; left -= COPY_BUFFER_BYTES) {
            ChannelIo.writeFully(target, ZEROS.duplicate().limit((int) Math.min(COPY_BUFFER_BYTES, left)));
        }
    }

    /** Source files opened once each while writing, all closed at the end. */
    private static final class Sources implements AutoCloseable {
        private final Map<Path, FileChannel> channels = new LinkedHashMap<>();

        FileChannel open(Path file) throws IOException {
            FileChannel channel = channels.get(file);
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
                channels.put(file, channel);
            }
            return channel;
        }

        @Override
        public void close() throws IOException {
            IOException failure = null;
            for (FileChannel channel : channels.values()) {
                try {
                    channel.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}

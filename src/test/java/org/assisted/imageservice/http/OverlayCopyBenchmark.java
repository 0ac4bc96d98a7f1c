package org.assisted.imageservice.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

import org.assisted.imageservice.overlay.Overlay;
import org.assisted.imageservice.overlay.OverlayPlan;

/**
 * Rough throughput comparison of file-to-stream copy strategies (not a test; run by hand):
 * {@code java -cp target/classes:target/test-classes:<deps> org.assisted.imageservice.http.OverlayCopyBenchmark <file> <MiB>}.
 * The sink copies every byte into an 8 KiB array, as a servlet container's output buffer would.
 */
public final class OverlayCopyBenchmark {

    private static final int ROUNDS = 5;
    private static final long MIB = 1024 * 1024;

    private interface Strategy {
        void copy(Path file, long size, OutputStream out) throws IOException;
    }

    private OverlayCopyBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long size = Long.parseLong(args[1]) * MIB;
        if (!Files.exists(file) || Files.size(file) != size) {
            writeRandom(file, size);
        }
        run("OverlayStreamingOutput.full (no overlay)", file, size, (f, s, out) ->
                OverlayStreamingOutput.full(OverlayPlan.forFile(f, List.of())).write(out));
        run("heap array + FileChannel.read(pos)", file, size, OverlayCopyBenchmark::heapPositional);
        run("FileChannel.transferTo(newChannel(out))", file, size, OverlayCopyBenchmark::transferTo);
        run("RandomAccessFile.read(byte[])", file, size, OverlayCopyBenchmark::randomAccess);
        run("Files.copy(path, out)", file, size, (f, s, out) -> Files.copy(f, out));
        run("OverlayStreamingOutput.full (2 overlays)", file, size, (f, s, out) ->
                OverlayStreamingOutput.full(OverlayPlan.of(f, 0, s, List.of(
                        new Overlay(32768, new byte[4096]), new Overlay(s, new byte[65536])))).write(out));
    }

    private static void run(String name, Path file, long size, Strategy strategy) throws IOException {
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Sink sink = new Sink();
            long start = System.nanoTime();
            strategy.copy(file, size, sink);
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, sink.count / (double) MIB / seconds);
        }
        System.out.printf("%-45s best %8.0f MiB/s%n", name, best);
    }

    private static void heapPositional(Path file, long size, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] array = new byte[OverlayStreamingOutput.BUFFER_BYTES];
            ByteBuffer buffer = ByteBuffer.wrap(array);
            long position = 0;
            while (position < size) {
                buffer.clear();
                int n = channel.read(buffer, position);
                out.write(array, 0, n);
                position += n;
            }
        }
    }

    private static void transferTo(Path file, long size, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            WritableByteChannel target = Channels.newChannel(out);
            long position = 0;
            while (position < size) {
                position += channel.transferTo(position, size - position, target);
            }
        }
    }

    private static void randomAccess(Path file, long size, OutputStream out) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] array = new byte[OverlayStreamingOutput.BUFFER_BYTES];
            int n;
            while ((n = raf.read(array)) > 0) {
                out.write(array, 0, n);
            }
        }
    }

    private static void writeRandom(Path file, long size) throws IOException {
        byte[] chunk = new byte[(int) MIB];
        new Random(1).nextBytes(chunk);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                out.write(chunk);
            }
        }
    }

    private static final class Sink extends OutputStream {
        private final byte[] containerBuffer = new byte[8192];
        private long count;

        @Override
        public void write(int b) {
            containerBuffer[0] = (byte) b;
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int done = 0; done < len; done += containerBuffer.length) {
                System.arraycopy(b, off + done, containerBuffer, 0, Math.min(containerBuffer.length, len - done));
            }
            count += len;
        }
    }
}

package org.assisted.imageservice.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Corrupted and truncated images must fail with an IOException, quickly and without exhausting memory. */
class ErofsCorruptionTest {

    private static final int MUTATIONS = 300;
    private static final long MAX_OUTPUT_BYTES = 64L * 1024 * 1024;
    private static final Duration BUDGET = Duration.ofSeconds(120);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lzma-fragments-dedupe", "lzma-ztailpacking", "lz4hc-dedupe", "deflate-ztailpacking",
        "lzma-full-indexes-fragments"})
    void mutatedImagesOnlyThrowIoExceptions(String fixture, @TempDir Path dir) throws Exception {
        byte[] original = Files.readAllBytes(ErofsFixtureTest.resource(fixture + ".erofs"));
        long metaOffset = Integer.toUnsignedLong(le(original).getInt(1024 + 40)) << original[1024 + 12];
        Path image = dir.resolve("mutated.erofs");
        Random random = new Random(fixture.hashCode());
        int rejected = assertTimeoutPreemptively(BUDGET, () -> {
            int failures = 0;
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] mutated = original.clone();
                int flips = 1 + random.nextInt(6);
                for (int f = 0; f < flips; f++) {
                    mutated[position(random, original.length, metaOffset)] = (byte) random.nextInt(256);
                }
                Files.write(image, mutated);
                failures += exercise(image, mutated.length, "mutation " + i) ? 1 : 0;
            }
            return failures;
        });
        assertTrue(rejected > MUTATIONS / 10, "only " + rejected + " of " + MUTATIONS + " mutations were detected");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 1000, 1100, 1151, 4096, 8192, 20_000, 50_000, 73_727})
    void truncatedImagesFailWithIoException(int length, @TempDir Path dir) throws Exception {
        Path image = dir.resolve("truncated.erofs");
        Files.write(image, Files.readAllBytes(ErofsFixtureTest.resource("lzma-fragments-dedupe.erofs")));
        assertTimeoutPreemptively(BUDGET, () -> {
            try (FileChannel channel = FileChannel.open(image)) {
                assertThrows(IOException.class, () -> {
                    ErofsImage erofs = ErofsImage.open(channel, 0, length);
                    erofs.findRegularFile("nmstatectl", "/usr/bin/nmstatectl");
                    erofs.copyFile("/usr/bin/nmstatectl", OutputStream.nullOutputStream());
                });
            }
        });
    }

    @Test
    void windowBeyondTheFileIsRejected(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("small.erofs");
        Files.write(image, new byte[4096], StandardOpenOption.CREATE_NEW);
        try (FileChannel channel = FileChannel.open(image)) {
            assertThrows(ErofsFormatException.class, () -> ErofsImage.open(channel, 1, 4096));
            ErofsFormatException e = assertThrows(ErofsFormatException.class, () -> ErofsImage.open(channel, 0, 4096));
            assertEquals("bad EROFS magic 0x00000000 at offset 1024", e.getMessage());
        }
    }

    /** A third of the flips hit the superblock, a third the metadata area, a third anywhere. */
    private static int position(Random random, int length, long metaOffset) {
        return switch (random.nextInt(3)) {
            case 0 -> 1024 + random.nextInt(128);
            case 1 -> (int) Math.min(length - 1, metaOffset + random.nextInt(16 * 1024));
            default -> random.nextInt(length);
        };
    }

    /** Returns whether reading failed with an IOException; anything else fails the test. */
    private static boolean exercise(Path image, long length, String what) {
        try (FileChannel channel = FileChannel.open(image)) {
            ErofsImage erofs = ErofsImage.open(channel, 0, length);
            erofs.findRegularFile("nmstatectl", "/usr/bin/nmstatectl");
            erofs.copyFile("/usr/bin/nmstatectl", new CappedSink());
            erofs.copyFile("/b/dup-two.txt", new CappedSink());
            return false;
        } catch (IOException expected) {
            return true;
        } catch (Throwable t) {
            return fail(what + " threw " + t, t);
        }
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Stops a corrupt huge file size from streaming forever; callers bound output the same way. */
    private static final class CappedSink extends OutputStream {
        private long written;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > MAX_OUTPUT_BYTES) {
                throw new IOException("more than " + MAX_OUTPUT_BYTES + " bytes");
            }
        }
    }
}

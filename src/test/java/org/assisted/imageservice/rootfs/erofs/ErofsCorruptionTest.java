package org.assisted.imageservice.rootfs.erofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import org.assisted.imageservice.rootfs.CappedSink;
import org.assisted.imageservice.testsupport.FuzzLoop;
import org.assisted.imageservice.testsupport.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Corrupted and truncated images must fail with an IOException, quickly and without exhausting memory. */
class ErofsCorruptionTest {

    private static final int MUTATIONS = 300;
    private static final long MAX_OUTPUT_BYTES = 64L * 1024 * 1024;
    private static final Duration BUDGET = Duration.ofSeconds(120);
    /**
     * The reader's own bounds: a 1 MiB physical cluster decoded into at most 12 MiB, with a dictionary of that
     * size for LZMA. The undamaged fixtures need under 7 MiB.
     */
    private static final long MAX_ALLOCATED_BYTES = 48L << 20;
    private static final FuzzLoop LOOP = new FuzzLoop(MUTATIONS, BUDGET, Duration.ofSeconds(10), MAX_ALLOCATED_BYTES,
            List.of(ErofsFormatException.class, NoSuchFileException.class, CappedSink.LimitReached.class));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lzma-fragments-dedupe", "lzma-ztailpacking", "lz4hc-dedupe", "deflate-ztailpacking",
        "lzma-full-indexes-fragments"})
    void mutatedImagesOnlyThrowFormatExceptions(String fixture, @TempDir Path dir) throws Exception {
        byte[] original = Files.readAllBytes(ErofsFixtureTest.resource(fixture + ".erofs"));
        int metaOffset = (int) Math.min(original.length - 1,
                Integer.toUnsignedLong(le(original).getInt(1024 + 40)) << original[1024 + 12]);
        Path image = dir.resolve("mutated.erofs");
        Mutator mutator = new Mutator(fixture.hashCode(), List.of(new int[] {1024, 128},
                new int[] {metaOffset, 16 * 1024}));
        FuzzLoop.Outcomes outcomes = LOOP.runOnMutants(original, mutator, 6, image,
                (file, mutant) -> exercise(file, mutant.length));
        assertTrue(outcomes.rejected() > MUTATIONS / 10, "only " + outcomes + " of " + MUTATIONS + " detected");
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

    private static void exercise(Path image, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(image)) {
            ErofsImage erofs = ErofsImage.open(channel, 0, length);
            erofs.findRegularFile("nmstatectl", "/usr/bin/nmstatectl");
            erofs.copyFile("/usr/bin/nmstatectl", new CappedSink(MAX_OUTPUT_BYTES));
            erofs.copyFile("/b/dup-two.txt", new CappedSink(MAX_OUTPUT_BYTES));
        }
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

}

package org.assisted.imageservice.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fuzz harness itself fails on what it promises to catch, so a passing fuzz test means something. */
class FuzzLoopTest {

    private static final FuzzLoop LOOP = new FuzzLoop(10, Duration.ofSeconds(2), Duration.ofMillis(500), 1L << 20,
            List.of(IOException.class));

    @Test
    void countsSuccessesAndAcceptedExceptions() {
        FuzzLoop.Outcomes outcomes = LOOP.run(i -> {
            if (i % 2 == 0) {
                throw new IOException("rejected");
            }
        });
        assertEquals(5, outcomes.succeeded());
        assertEquals(5, outcomes.rejected());
    }

    @Test
    void failsOnAnExceptionThatIsNotAccepted() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> LOOP.run(i -> Integer.parseInt("x" + i)));
        assertTrue(e.getMessage().contains("NumberFormatException"), e.getMessage());
    }

    @Test
    void failsOnAnInputThatAllocatesBeyondTheCap() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> LOOP.run(i -> assertEquals(4 << 20, new byte[4 << 20].length)));
        assertTrue(e.getMessage().contains("allocated"), e.getMessage());
    }

    @Test
    void failsOnASlowInputAndOnAHang() {
        assertThrows(AssertionFailedError.class, () -> LOOP.run(i -> Thread.sleep(600)));
        assertThrows(AssertionFailedError.class, () -> LOOP.run(i -> Thread.sleep(60_000)));
    }

    @Test
    void mutationsAreSeededAndTruncationShortens() {
        byte[] image = new byte[8192];
        Mutator first = new Mutator(1, List.of(new int[] {0, 16}));
        Mutator second = new Mutator(1, List.of(new int[] {0, 16}));
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(first.mutate(image, 4), second.mutate(image, 4));
        }
        assertTrue(first.apply(Mutator.Kind.TRUNCATE, image.clone()).length < image.length);
    }
}

package org.assisted.imageservice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration INITIAL = Duration.ofSeconds(10);
    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void doublesUpToTheMaximumWithTheUpperJitterBound() {
        Backoff longest = new Backoff(INITIAL, MAX, () -> Math.nextDown(1.0));
        assertEquals(10, Math.round(longest.delay(1).toMillis() / 1000.0));
        assertEquals(20, Math.round(longest.delay(2).toMillis() / 1000.0));
        assertEquals(160, Math.round(longest.delay(5).toMillis() / 1000.0));
        assertEquals(300, Math.round(longest.delay(6).toMillis() / 1000.0));
        assertEquals(300, Math.round(longest.delay(Integer.MAX_VALUE).toMillis() / 1000.0));
    }

    @Test
    void jitterNeverGoesBelowHalfTheDelay() {
        Backoff shortest = new Backoff(INITIAL, MAX, () -> 0.0);
        assertEquals(Duration.ofSeconds(5), shortest.delay(1));
        assertEquals(Duration.ofSeconds(40), shortest.delay(4));
        assertEquals(Duration.ofSeconds(150), shortest.delay(100));
    }

    @Test
    void initialAboveMaximumIsCapped() {
        assertEquals(Duration.ofSeconds(3), new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(6), () -> 0.0).delay(1));
    }
}

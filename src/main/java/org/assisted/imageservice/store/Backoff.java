package org.assisted.imageservice.store;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with "equal jitter": the n-th delay is uniformly drawn from [d/2, d), d = min(max, initial·2^(n-1)). */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    /** @param random values in [0, 1) */
    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** @param failures consecutive failures so far, at least 1 */
    Duration delay(int failures) {
        long maxNanos = max.toNanos();
        long ceilingNanos = Math.min(initial.toNanos(), maxNanos);
        for (int i = 1; i < failures && ceilingNanos < maxNanos; i++) {
            ceilingNanos = ceilingNanos > maxNanos / 2 ? maxNanos : ceilingNanos * 2;
        }
        long half = ceilingNanos / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (ceilingNanos - half)));
    }
}

package org.assisted.imageservice.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for the store's background downloads in tests. */
final class Polling {
    private Polling() {
    }

    /** Polls {@code condition} every 10 ms; fails the test once {@code within} has passed without it holding. */
    static void await(Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + within);
            }
            Thread.sleep(10);
        }
    }
}

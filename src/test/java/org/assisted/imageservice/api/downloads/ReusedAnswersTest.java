package org.assisted.imageservice.api.downloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class ReusedAnswersTest {

    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final ReusedAnswers.Limits ROOMY = new ReusedAnswers.Limits(100, 1_000_000);
    private static final Supplier<Optional<Instant>> NO_EXP = Optional::empty;

    /** A clock that moves only when told to. */
    private static final class ManualTime implements ReusedAnswers.TimeSource {
        private long nanos = 1_000;
        private Instant now = Instant.parse("2026-12-02T12:00:00Z");

        void advance(Duration by) {
            nanos += by.toNanos();
            now = now.plus(by);
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public Instant now() {
            return now;
        }
    }

    /** Counts its loads; each load answers a new string. */
    private static final class CountingLoader implements ReusedAnswers.Loader<String> {
        final AtomicInteger loads = new AtomicInteger();

        @Override
        public String load() {
            return "answer " + loads.incrementAndGet();
        }
    }

    private final ManualTime time = new ManualTime();

    private ReusedAnswers<String, String> answers(Duration window, ReusedAnswers.Limits limits) {
        return new ReusedAnswers<>(window, limits, String::length, time);
    }

    @Test
    void aZeroWindowLoadsForEveryRequestAndKeepsNothing() throws Exception {
        ReusedAnswers<String, String> answers = answers(Duration.ZERO, ROOMY);
        CountingLoader loader = new CountingLoader();
        assertEquals("answer 1", answers.get("a", NO_EXP, loader));
        assertEquals("answer 2", answers.get("a", NO_EXP, loader));
        assertEquals(0, answers.size());
    }

    @Test
    void keptAnswersOnlyWhatALoadLeftWithinItsWindowAndNeverLoads() throws Exception {
        ReusedAnswers<String, String> answers = answers(WINDOW, ROOMY);
        CountingLoader loader = new CountingLoader();
        assertEquals(Optional.empty(), answers.kept("a"));
        assertEquals("answer 1", answers.get("a", NO_EXP, loader));
        assertEquals(Optional.of("answer 1"), answers.kept("a"));
        assertEquals(Optional.empty(), answers.kept("b"));
        time.advance(WINDOW);
        assertEquals(Optional.empty(), answers.kept("a"));
        assertEquals(1, loader.loads.get());
    }

    @Test
    void keptIsAlwaysEmptyWithAZeroWindow() throws Exception {
        ReusedAnswers<String, String> answers = answers(Duration.ZERO, ROOMY);
        answers.get("a", NO_EXP, new CountingLoader());
        assertEquals(Optional.empty(), answers.kept("a"));
    }

    @Test
    void concurrentMissesOfOneKeyShareOneLoad() throws Exception {
        ReusedAnswers<String, String> answers = answers(WINDOW, ROOMY);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        ReusedAnswers.Loader<String> blocking = () -> {
            loads.incrementAndGet();
            entered.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return "shared";
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            results.add(pool.submit(() -> answers.get("a", NO_EXP, blocking)));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                results.add(pool.submit(() -> {
                    synchronized (waiters) {
                        waiters.add(Thread.currentThread());
                    }
                    return answers.get("a", NO_EXP, blocking);
                }));
            }
            awaitAllParked(waiters, 7);
            assertTrue(results.stream().noneMatch(Future::isDone), "nobody answered before the load finished");
            release.countDown();
            String first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<String> result : results) {
                assertSame(first, result.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, loads.get());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aFailureIsSharedByItsWaitersAndNeverKept() throws Exception {
        ReusedAnswers<String, String> answers = answers(WINDOW, ROOMY);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IllegalStateException failure = new IllegalStateException("assisted-service answered 503");
        ReusedAnswers.Loader<String> failing = () -> {
            entered.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            throw failure;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> leader = pool.submit(() -> answers.get("a", NO_EXP, failing));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            List<Thread> waiter = new ArrayList<>();
            Future<String> follower = pool.submit(() -> {
                synchronized (waiter) {
                    waiter.add(Thread.currentThread());
                }
                return answers.get("a", NO_EXP, failing);
            });
            awaitAllParked(waiter, 1);
            release.countDown();
            assertSame(failure, assertThrows(Exception.class, () -> leader.get(10, TimeUnit.SECONDS)).getCause());
            assertSame(failure, assertThrows(Exception.class, () -> follower.get(10, TimeUnit.SECONDS)).getCause());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertEquals(0, answers.size());
        CountingLoader loader = new CountingLoader();
        assertEquals("answer 1", answers.get("a", NO_EXP, loader), "the next request loads again");
    }

    @Test
    void aValueIsKeptForTheWindowFromTheEndOfItsLoad() throws Exception {
        ReusedAnswers<String, String> answers = answers(WINDOW, ROOMY);
        CountingLoader loader = new CountingLoader();
        assertEquals("answer 1", answers.get("a", NO_EXP, loader));
        time.advance(WINDOW.minusNanos(1));
        assertEquals("answer 1", answers.get("a", NO_EXP, loader));
        time.advance(Duration.ofNanos(1));
        assertEquals("answer 2", answers.get("a", NO_EXP, loader));
        assertEquals(1, answers.size());
    }

    @Test
    void aValueNeverOutlivesTheExpOfItsCredential() throws Exception {
        ReusedAnswers<String, String> answers = answers(WINDOW, ROOMY);
        CountingLoader loader = new CountingLoader();
        Supplier<Optional<Instant>> expiresIn10s = () -> Optional.of(time.now().plusSeconds(10));
        assertEquals("answer 1", answers.get("a", expiresIn10s, loader));
        time.advance(Duration.ofSeconds(10).minusNanos(1));
        assertEquals("answer 1", answers.get("a", expiresIn10s, loader));
        time.advance(Duration.ofNanos(1));
        assertEquals("answer 2", answers.get("a", expiresIn10s, loader), "reloaded at exp, 20 s before the window");

        Supplier<Optional<Instant>> expired = () -> Optional.of(time.now());
        assertEquals("answer 3", answers.get("b", expired, loader));
        assertEquals("answer 4", answers.get("b", expired, loader), "an expired credential's answer is not kept");

        Supplier<Optional<Instant>> farFuture = () -> Optional.of(Instant.MAX);
        assertEquals("answer 5", answers.get("c", farFuture, loader));
        time.advance(WINDOW);
        assertEquals("answer 6", answers.get("c", farFuture, loader), "a later exp does not extend the window");
    }

    @Test
    void keysAreKeptApart() throws Exception {
        ReusedAnswers<String, String> answers = answers(WINDOW, ROOMY);
        CountingLoader loader = new CountingLoader();
        assertEquals("answer 1", answers.get("image-1 credential-a", NO_EXP, loader));
        assertEquals("answer 2", answers.get("image-1 credential-b", NO_EXP, loader));
        assertEquals("answer 3", answers.get("image-1 none", NO_EXP, loader));
        assertEquals("answer 1", answers.get("image-1 credential-a", NO_EXP, loader));
        assertEquals("answer 2", answers.get("image-1 credential-b", NO_EXP, loader));
    }

    @Test
    void theLeastRecentlyUsedGoesFirstWhenEntriesRunOut() throws Exception {
        ReusedAnswers<String, String> answers = answers(WINDOW, new ReusedAnswers.Limits(2, 1_000_000));
        CountingLoader loader = new CountingLoader();
        answers.get("a", NO_EXP, loader);
        answers.get("b", NO_EXP, loader);
        answers.get("a", NO_EXP, loader);
        answers.get("c", NO_EXP, loader);
        assertEquals(2, answers.size());
        assertEquals(3, loader.loads.get());
        assertEquals("answer 1", answers.get("a", NO_EXP, loader), "a was used after b");
        assertEquals("answer 4", answers.get("b", NO_EXP, loader), "b was evicted");
    }

    @Test
    void theByteBudgetBoundsWhatIsKept() throws Exception {
        // values are weighed by their length: "answer N" is 8 bytes
        ReusedAnswers<String, String> answers = answers(WINDOW, new ReusedAnswers.Limits(100, 20));
        CountingLoader loader = new CountingLoader();
        for (String key : List.of("a", "b", "c", "d")) {
            answers.get(key, NO_EXP, loader);
        }
        assertEquals(2, answers.size(), "two 8-byte values fit in 20 bytes");
        assertEquals("answer 4", answers.get("d", NO_EXP, loader));
        assertEquals("answer 5", answers.get("a", NO_EXP, loader));

        ReusedAnswers<String, String> tiny = answers(WINDOW, new ReusedAnswers.Limits(100, 7));
        assertEquals("answer 6", tiny.get("a", NO_EXP, loader));
        assertEquals(0, tiny.size(), "a value larger than the budget is served, not kept");
    }

    @Test
    void expiredEntriesAreDroppedWhenAnotherIsKept() throws Exception {
        ReusedAnswers<String, String> answers = answers(WINDOW, ROOMY);
        CountingLoader loader = new CountingLoader();
        answers.get("a", NO_EXP, loader);
        answers.get("b", NO_EXP, loader);
        time.advance(WINDOW);
        answers.get("c", NO_EXP, loader);
        assertEquals(1, answers.size());
    }

    private static void awaitAllParked(List<Thread> threads, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            synchronized (threads) {
                if (threads.size() == expected
                        && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the waiters did not block on the load in flight");
    }
}

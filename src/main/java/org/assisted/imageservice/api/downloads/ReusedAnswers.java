package org.assisted.imageservice.api.downloads;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What a download route made of assisted-service's answers for one key (image, request, credential digest),
 * reused for a short window (ASSISTED_SERVICE_CACHE_SECONDS), so that a BMC reading an ISO as thousands of Range
 * requests costs a few fetches per boot instead of two or three calls per request. The rules:
 * <ul>
 * <li>single flight: requests that miss together wait for one load and share its outcome, value or failure;</li>
 * <li>a value is kept for the window from the end of its load, never past the {@code exp} of the credential it
 *     was earned with, and not at all when that has passed;</li>
 * <li>failures are never kept: the first request after a failed load loads again (a transient timeout or 503
 *     must not outlast itself, and a 404 must not hide an InfraEnv created a moment later);</li>
 * <li>at most {@link Limits#maxEntries()} values holding at most {@link Limits#maxBytes()} bytes; the least
 *     recently used go first, and a value larger than the whole budget is served but not kept;</li>
 * <li>a zero window keeps nothing and shares nothing: every request loads, as upstream.</li>
 * </ul>
 * Keys must never hold a credential itself, only its digest.
 */
final class ReusedAnswers<K, V> {

    /** Computes a value; may fail with the route's exceptions. */
    interface Loader<V> {
        V load() throws Exception;
    }

    /** The clocks the window and the {@code exp} claims are measured with; tests substitute their own. */
    interface TimeSource {
        TimeSource SYSTEM = new TimeSource() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Instant now() {
                return Instant.now();
            }
        };

        long nanoTime();

        Instant now();
    }

    /** @param maxEntries values kept at most; @param maxBytes bytes they may hold together, as weighed */
    record Limits(int maxEntries, long maxBytes) {
    }

    /**
     * The bounds of each route family's answers (ISO downloads; PXE initrds and addrsize): 512 values and 16 MiB as
     * weighed by {@code OverlayPlan.overlayBytes}, so both families together hold at most 32 MiB of heap whatever the
     * number of InfraEnvs. An ISO value weighs its ignition archive, the zero fill once (one shared 16 KiB chunk and
     * a shorter remainder), the ramdisk and the kernel arguments: with a 100 KiB ignition archive about 140 full-ISO
     * values fit the budget. A PXE value weighs its ignition archive and ramdisk; the nmstate archive is read from
     * its file.
     */
    static final Limits ROUTE_LIMITS = new Limits(512, 16L * 1024 * 1024);

    private record Entry<V>(V value, long bytes, long expiresAtNanos) {
    }

    private final long windowNanos;
    private final Duration window;
    private final Limits limits;
    private final ToLongFunction<V> weigher;
    private final TimeSource time;
    /** In access order: the eldest is the least recently used. Guarded by {@code this}. */
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    /** Loads in flight. Guarded by {@code this}. */
    private final Map<K, CompletableFuture<V>> loading = new HashMap<>();
    private long keptBytes;

    /** @param weigher the bytes a value holds */
    ReusedAnswers(Duration window, Limits limits, ToLongFunction<V> weigher) {
        this(window, limits, weigher, TimeSource.SYSTEM);
    }

    ReusedAnswers(Duration window, Limits limits, ToLongFunction<V> weigher, TimeSource time) {
        this.window = window;
        this.windowNanos = window.toNanos();
        this.limits = limits;
        this.weigher = weigher;
        this.time = time;
    }

    /**
     * @param notAfter the {@code exp} of the credential the value is earned with, asked only after a load
     * @return the kept value, the value of the load in flight, or a new one
     * @throws Exception what {@code loader} threw, in this request or in the one whose load it waited for
     */
    V get(K key, Supplier<Optional<Instant>> notAfter, Loader<V> loader) throws Exception {
        if (windowNanos == 0) {
            return loader.load();
        }
        CompletableFuture<V> flight;
        CompletableFuture<V> led = null;
        synchronized (this) {
            Entry<V> entry = entries.get(key);
            if (entry != null) {
                if (entry.expiresAtNanos() - time.nanoTime() > 0) {
                    return entry.value();
                }
                forget(key);
            }
            flight = loading.get(key);
            if (flight == null) {
                led = new CompletableFuture<>();
                loading.put(key, led);
            }
        }
        return led == null ? await(flight) : lead(key, led, notAfter, loader);
    }

    /**
     * The value kept for {@code key}, if one is kept and its window has not passed; never loads and never waits
     * for a load in flight. With a zero window always empty.
     */
    synchronized Optional<V> kept(K key) {
        Entry<V> entry = entries.get(key);
        return entry != null && entry.expiresAtNanos() - time.nanoTime() > 0
                ? Optional.of(entry.value())
                : Optional.empty();
    }

    /** Values kept now. */
    synchronized int size() {
        return entries.size();
    }

    private V lead(K key, CompletableFuture<V> flight, Supplier<Optional<Instant>> notAfter, Loader<V> loader)
            throws Exception {
        try {
            V value = loader.load();
            Optional<Instant> expiry = notAfter.get();
            synchronized (this) {
                loading.remove(key);
                keep(key, value, expiry);
            }
            flight.complete(value);
            return value;
        } catch (Throwable failure) {
            synchronized (this) {
                loading.remove(key);
            }
            flight.completeExceptionally(failure);
            throw failure;
        }
    }

    private static <V> V await(CompletableFuture<V> flight) throws Exception {
        try {
            return flight.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void keep(K key, V value, Optional<Instant> expiry) {
        long lifeNanos = windowNanos;
        if (expiry.isPresent()) {
            Duration left = Duration.between(time.now(), expiry.get());
            if (left.isNegative() || left.isZero()) {
                return;
            }
            lifeNanos = left.compareTo(window) < 0 ? left.toNanos() : windowNanos;
        }
        long bytes = weigher.applyAsLong(value);
        if (bytes > limits.maxBytes()) {
            return;
        }
        long now = time.nanoTime();
        for (Iterator<Entry<V>> all = entries.values().iterator(); all.hasNext(); ) {
            Entry<V> entry = all.next();
            if (entry.expiresAtNanos() - now <= 0) {
                keptBytes -= entry.bytes();
                all.remove();
            }
        }
        forget(key);
        entries.put(key, new Entry<>(value, bytes, now + lifeNanos));
        keptBytes += bytes;
        Iterator<Entry<V>> eldestFirst = entries.values().iterator();
        while (entries.size() > limits.maxEntries() || keptBytes > limits.maxBytes()) {
            keptBytes -= eldestFirst.next().bytes();
            eldestFirst.remove();
        }
    }

    private void forget(K key) {
        Entry<V> entry = entries.remove(key);
        if (entry != null) {
            keptBytes -= entry.bytes();
        }
    }
}

package org.assisted.imageservice.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.assisted.imageservice.iso.OverlayPlan;

/**
 * Reuses what an ISO download decided (its plan and Last-Modified) for a few seconds
 * (ASSISTED_SERVICE_CACHE_SECONDS), so that a client reading an ISO as many small Range requests,
 * as a BMC's virtual media does, does not cost three assisted-service calls and an ignition
 * archive per request. The key holds the exact credential, so a request with another or no
 * credential is never answered from an entry it did not earn; the price is that a revoked
 * credential, or a changed ignition or InfraEnv, is noticed up to the reuse time late. Only
 * successes are kept; with a zero duration nothing is.
 */
final class DecidedDownloads {

    /** At most this many entries (each holds an ignition archive of up to a few hundred KiB). */
    private static final int MAX_ENTRIES = 64;

    /** What identifies a decision: the whole request, credential included, and the stored file it used. */
    record Key(IsoRequest request, Path image) {
    }

    /** A decision. */
    record Decided(OverlayPlan plan, Instant lastModified) {
    }

    private record Entry(Decided decided, long expiresAtNanos) {
    }

    private final long reuseNanos;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    DecidedDownloads(Duration reuse) {
        this.reuseNanos = reuse.toNanos();
    }

    Optional<Decided> get(Key key) {
        if (reuseNanos == 0) {
            return Optional.empty();
        }
        Entry entry = entries.get(key);
        if (entry == null || entry.expiresAtNanos() - System.nanoTime() <= 0) {
            return Optional.empty();
        }
        return Optional.of(entry.decided());
    }

    void put(Key key, Decided decided) {
        if (reuseNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(entry -> entry.expiresAtNanos() - now <= 0);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(decided, now + reuseNanos));
    }
}

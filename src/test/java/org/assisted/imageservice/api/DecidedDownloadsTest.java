package org.assisted.imageservice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.assisted.imageservice.assisted.Credential;
import org.assisted.imageservice.config.ImageType;
import org.assisted.imageservice.iso.OverlayPlan;
import org.junit.jupiter.api.Test;

class DecidedDownloadsTest {

    private static final Path IMAGE = Path.of("/data/rhcos-full-iso-418-x86_64.iso");
    private static final DecidedDownloads.Decided DECIDED = new DecidedDownloads.Decided(
            OverlayPlan.ofBytes(new byte[] {1, 2, 3}), Instant.parse("2022-04-22T18:11:09Z"));

    private static DecidedDownloads.Key key(Optional<Credential> credential) {
        return new DecidedDownloads.Key(new IsoRequest("2b5ab2b2-4c8a-4a3b-9c07-3f5c2a0e1d11", "4.18", "x86_64",
                ImageType.FULL_ISO, credential), IMAGE);
    }

    @Test
    void zeroDurationNeverReuses() {
        DecidedDownloads cache = new DecidedDownloads(Duration.ZERO);
        cache.put(key(Optional.empty()), DECIDED);
        assertTrue(cache.get(key(Optional.empty())).isEmpty());
    }

    @Test
    void reusesOnlyForTheSameRequestAndExactCredential() {
        DecidedDownloads cache = new DecidedDownloads(Duration.ofMinutes(1));
        cache.put(key(Optional.of(Credential.apiKey("secret-a"))), DECIDED);
        assertEquals(Optional.of(DECIDED), cache.get(key(Optional.of(Credential.apiKey("secret-a")))));
        assertTrue(cache.get(key(Optional.of(Credential.apiKey("secret-b")))).isEmpty());
        assertTrue(cache.get(key(Optional.of(Credential.imageToken("secret-a")))).isEmpty());
        assertTrue(cache.get(key(Optional.empty())).isEmpty());
        assertTrue(cache.get(new DecidedDownloads.Key(key(Optional.of(Credential.apiKey("secret-a"))).request(),
                Path.of("/data/other.iso"))).isEmpty());
    }

    @Test
    void forgetsAfterTheDuration() throws InterruptedException {
        DecidedDownloads cache = new DecidedDownloads(Duration.ofMillis(50));
        cache.put(key(Optional.empty()), DECIDED);
        assertEquals(Optional.of(DECIDED), cache.get(key(Optional.empty())));
        Thread.sleep(120);
        assertTrue(cache.get(key(Optional.empty())).isEmpty());
    }
}

package org.assisted.imageservice.store;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether the service may answer image requests; set once by the image store's threads, read by request threads. */
public final class Readiness {
    private final AtomicBoolean ready = new AtomicBoolean();

    public boolean isReady() {
        return ready.get();
    }

    void markReady() {
        ready.set(true);
    }
}

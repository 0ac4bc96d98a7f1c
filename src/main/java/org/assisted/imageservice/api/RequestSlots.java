package org.assisted.imageservice.api;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * MAX_CONCURRENT_REQUESTS slots handed out first come, first served. A request that finds none free queues a
 * {@link Waiter}; a released slot goes straight to the oldest waiter that still wants it, so a request that
 * arrives while others wait cannot overtake them, and a waiter that gave up never receives (or returns) a slot.
 */
final class RequestSlots {

    /** A queued request. */
    interface Waiter {
        /**
         * Hands the slot over.
         *
         * @return false when the waiter is gone, so the slot must go to the next one
         */
        boolean grant();
    }

    private final int capacity;
    private final Deque<Waiter> queue = new ArrayDeque<>();
    private int available;

    RequestSlots(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.available = capacity;
    }

    /** Takes a free slot unless none is free or others are already waiting. */
    synchronized boolean tryAcquire() {
        if (available > 0 && queue.isEmpty()) {
            available--;
            return true;
        }
        return false;
    }

    /** Queues the waiter, or grants it a slot at once when one was released since {@link #tryAcquire}. */
    void enqueue(Waiter waiter) {
        synchronized (this) {
            if (available == 0 || !queue.isEmpty()) {
                queue.addLast(waiter);
                return;
            }
            available--;
        }
        if (!waiter.grant()) {
            release();
        }
    }

    /** Removes a waiter that gave up; it held no slot. */
    synchronized boolean remove(Waiter waiter) {
        return queue.remove(waiter);
    }

    /** Returns a slot: to the oldest waiter still there, else to the pool. */
    void release() {
        while (true) {
            Waiter next;
            synchronized (this) {
                next = queue.pollFirst();
                if (next == null) {
                    if (available == capacity) {
                        throw new IllegalStateException("released more slots than were taken");
                    }
                    available++;
                    return;
                }
            }
            if (next.grant()) {
                return;
            }
        }
    }

    synchronized int waiting() {
        return queue.size();
    }

    synchronized int inUse() {
        return capacity - available;
    }
}

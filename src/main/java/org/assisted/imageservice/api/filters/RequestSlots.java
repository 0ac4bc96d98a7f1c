package org.assisted.imageservice.api.filters;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Request slots handed out first come, first served. A request that finds none free queues a {@link Waiter}, unless
 * {@code maxWaiting} already wait; a released slot goes straight to the oldest waiter that still wants it, so a
 * request that arrives while others wait cannot overtake them, and a waiter that gave up never receives (or
 * returns) a slot.
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
    private final int maxWaiting;
    private final Deque<Waiter> queue = new ArrayDeque<>();
    private int available;

    RequestSlots(int capacity, int maxWaiting) {
        if (capacity <= 0 || maxWaiting < 0) {
            throw new IllegalArgumentException("capacity must be positive and maxWaiting not negative: " + capacity
                    + ", " + maxWaiting);
        }
        this.capacity = capacity;
        this.maxWaiting = maxWaiting;
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

    /**
     * Queues the waiter, or grants it a slot at once when one was released since {@link #tryAcquire}.
     *
     * @return false, and nothing queued, when {@code maxWaiting} requests already wait
     */
    boolean enqueue(Waiter waiter) {
        synchronized (this) {
            if (available == 0 || !queue.isEmpty()) {
                if (queue.size() >= maxWaiting) {
                    return false;
                }
                queue.addLast(waiter);
                return true;
            }
            available--;
        }
        if (!waiter.grant()) {
            release();
        }
        return true;
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

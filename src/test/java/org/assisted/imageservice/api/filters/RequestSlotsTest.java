package org.assisted.imageservice.api.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RequestSlotsTest {

    /** Records grants; a waiter that is gone refuses the slot. */
    private static final class TestWaiter implements RequestSlots.Waiter {
        private final String name;
        private final List<String> log;
        private final boolean gone;

        TestWaiter(String name, List<String> log, boolean gone) {
            this.name = name;
            this.log = log;
            this.gone = gone;
        }

        @Override
        public boolean grant() {
            log.add((gone ? "refused " : "granted ") + name);
            return !gone;
        }
    }

    private final List<String> log = new ArrayList<>();

    @Test
    void slotsAreTakenUpToTheCapacity() {
        RequestSlots slots = new RequestSlots(2, 10);
        assertTrue(slots.tryAcquire());
        assertTrue(slots.tryAcquire());
        assertFalse(slots.tryAcquire());
        assertEquals(2, slots.inUse());
        slots.release();
        assertEquals(1, slots.inUse());
        assertTrue(slots.tryAcquire());
    }

    @Test
    void releasedSlotGoesToTheOldestWaiterNotToTheNextArrival() {
        RequestSlots slots = new RequestSlots(1, 10);
        assertTrue(slots.tryAcquire());
        slots.enqueue(new TestWaiter("a", log, false));
        slots.enqueue(new TestWaiter("b", log, false));
        assertEquals(2, slots.waiting());
        slots.release();
        assertEquals(List.of("granted a"), log);
        assertFalse(slots.tryAcquire(), "a newcomer must not overtake b");
        slots.release();
        assertEquals(List.of("granted a", "granted b"), log);
        slots.release();
        assertEquals(0, slots.inUse());
    }

    @Test
    void waiterThatIsGoneIsSkippedAndTakesNoSlot() {
        RequestSlots slots = new RequestSlots(1, 10);
        assertTrue(slots.tryAcquire());
        slots.enqueue(new TestWaiter("gone", log, true));
        slots.enqueue(new TestWaiter("c", log, false));
        slots.release();
        assertEquals(List.of("refused gone", "granted c"), log);
        assertEquals(1, slots.inUse());
        slots.release();
        assertEquals(0, slots.inUse());
    }

    @Test
    void removedWaiterIsNeverGrantedAndTheSlotReturnsToThePool() {
        RequestSlots slots = new RequestSlots(1, 10);
        assertTrue(slots.tryAcquire());
        TestWaiter left = new TestWaiter("left", log, false);
        slots.enqueue(left);
        assertTrue(slots.remove(left));
        slots.release();
        assertEquals(List.of(), log);
        assertEquals(0, slots.inUse());
        assertTrue(slots.tryAcquire());
    }

    @Test
    void waiterQueuedAfterAReleaseIsGrantedAtOnce() {
        RequestSlots slots = new RequestSlots(1, 10);
        slots.enqueue(new TestWaiter("d", log, false));
        assertEquals(List.of("granted d"), log);
        assertEquals(1, slots.inUse());
        assertEquals(0, slots.waiting());
    }

    @Test
    void releasingMoreThanWasTakenFails() {
        RequestSlots slots = new RequestSlots(1, 10);
        assertThrows(IllegalStateException.class, slots::release);
        assertThrows(IllegalArgumentException.class, () -> new RequestSlots(0, 10));
    }

    @Test
    void aFullQueueRefusesTheNextWaiterWithoutQueueingIt() {
        List<String> log = new ArrayList<>();
        RequestSlots slots = new RequestSlots(1, 2);
        assertTrue(slots.tryAcquire());
        assertTrue(slots.enqueue(new TestWaiter("a", log, false)));
        assertTrue(slots.enqueue(new TestWaiter("b", log, false)));
        assertFalse(slots.enqueue(new TestWaiter("c", log, false)));
        assertEquals(2, slots.waiting());
        slots.release();
        assertEquals(List.of("granted a"), log);
        assertTrue(slots.enqueue(new TestWaiter("d", log, false)));
        assertThrows(IllegalArgumentException.class, () -> new RequestSlots(1, -1));
    }
}

package com.oauthconfig.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a write row waits for the consumers: until each has applied every event of the run, or the cap. */
class EventBacklogTest {

    /** Hands out the given counts in turn, then keeps answering the last. */
    private static EventBacklog counting(long[]... counts) {
        Iterator<long[]> it = List.of(counts).iterator();
        long[][] last = {counts[0]};
        return new EventBacklog(() -> {
            if (it.hasNext()) {
                last[0] = it.next();
            }
            return last[0];
        });
    }

    @Test
    void waitsUntilTheSlowerConsumerHasAppliedEveryEventOfTheRun() {
        // 5 events on top of 10 and 20: the first consumer is 3 behind when the run ends, the second 1.
        EventBacklog backlog = counting(new long[]{12, 24}, new long[]{14, 25}, new long[]{15, 25});
        EventBacklog.CatchUp c = backlog.await(new long[]{10, 20}, 5, Duration.ofSeconds(10));
        assertTrue(c.caughtUp());
        assertArrayEquals(new long[]{3, 1}, c.behindAtEnd());
        assertTrue(c.seconds() >= 2 * EventBacklog.POLL.toMillis() / 1000.0, "two polls before the last count: " + c.seconds());
        assertEquals(3, c.toJson().getLong("eventsBehindAtEnd"));
    }

    @Test
    void consumersThatAreAlreadyThereCostNoWait() {
        EventBacklog.CatchUp c = counting(new long[]{15, 30}).await(new long[]{10, 25}, 5, Duration.ofSeconds(10));
        assertTrue(c.caughtUp());
        assertEquals(0.0, c.seconds(), 0.05);
        assertArrayEquals(new long[]{0, 0}, c.behindAtEnd());
    }

    @Test
    void aConsumerThatNeverCatchesUpStopsTheWaitAtTheCapAndSaysSo() {
        EventBacklog.CatchUp c = counting(new long[]{10, 14}).await(new long[]{10, 10}, 5, Duration.ofMillis(500));
        assertFalse(c.caughtUp());
        assertTrue(c.seconds() >= 0.5, "waited the cap: " + c.seconds());
        assertFalse(c.toJson().getBoolean("caughtUp"));
    }

    @Test
    void aQuietWaitEndsOnlyAfterTheCountsStoodStill() {
        EventBacklog backlog = counting(new long[]{1, 1}, new long[]{2, 1}, new long[]{3, 2}, new long[]{3, 2});
        long began = System.nanoTime();
        backlog.awaitQuiet(Duration.ofMillis(600), Duration.ofSeconds(10));
        double waited = (System.nanoTime() - began) / 1e9;
        // Two changes (two polls), then 600 ms without one.
        assertTrue(waited >= 0.6 + 2 * EventBacklog.POLL.toMillis() / 1000.0 - 0.05, "waited " + waited);
        assertArrayEquals(new long[]{3, 2}, backlog.applied());
    }
}

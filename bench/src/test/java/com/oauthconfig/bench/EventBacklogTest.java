package com.oauthconfig.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a write row waits for the consumers: until each has applied every event published, or the cap. */
class EventBacklogTest {

    /** {@code published} events, and the consumers' applied counts in turn (then the last, again and again). */
    private static EventBacklog backlog(long published, long[]... applied) {
        Iterator<long[]> it = List.of(applied).iterator();
        long[][] last = {applied[0]};
        return new EventBacklog(() -> published, () -> {
            if (it.hasNext()) {
                last[0] = it.next();
            }
            return last[0];
        }, () -> { });
    }

    @Test
    void waitsUntilTheSlowerConsumerHasAppliedEveryPublishedEvent() {
        // 25 published: the first consumer is 3 behind when the wait begins, the second 1.
        EventBacklog.CatchUp c = backlog(25, new long[]{22, 24}, new long[]{24, 25}, new long[]{25, 25})
                .awaitAllApplied(Duration.ofSeconds(10));
        assertTrue(c.caughtUp());
        assertArrayEquals(new long[]{3, 1}, c.behindAtStart());
        assertTrue(c.seconds() >= 2 * EventBacklog.POLL.toMillis() / 1000.0, "two polls before the last count: " + c.seconds());
        assertEquals(3, c.toJson().getLong("eventsBehindAtEnd"));
    }

    @Test
    void consumersThatAreAlreadyThereCostNoWait() {
        EventBacklog.CatchUp c = backlog(25, new long[]{25, 25}).awaitAllApplied(Duration.ofSeconds(10));
        assertTrue(c.caughtUp());
        assertEquals(0.0, c.seconds(), 0.05);
        assertArrayEquals(new long[]{0, 0}, c.behindAtStart());
    }

    @Test
    void aPauseOfTheConsumersDoesNotEndTheWaitOnlyAppliedEventsDo() {
        // Counts standing still for several polls (a retry backoff, a rebalance) are not "caught up".
        EventBacklog.CatchUp c = backlog(10, new long[]{8, 8}, new long[]{8, 8}, new long[]{8, 8}, new long[]{8, 8}, new long[]{10, 10})
                .awaitAllApplied(Duration.ofSeconds(10));
        assertTrue(c.caughtUp());
        assertTrue(c.seconds() >= 4 * EventBacklog.POLL.toMillis() / 1000.0, "waited through the pause: " + c.seconds());
    }

    @Test
    void aConsumerThatNeverCatchesUpStopsTheWaitAtTheCapAndSaysSo() {
        EventBacklog.CatchUp c = backlog(15, new long[]{10, 15}).awaitAllApplied(Duration.ofMillis(500));
        assertFalse(c.caughtUp());
        assertTrue(c.seconds() >= 0.5, "waited the cap: " + c.seconds());
        assertFalse(c.toJson().getBoolean("caughtUp"));
    }
}

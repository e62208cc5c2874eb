package com.oauthconfig.common.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowCounterTest {

    @Test
    void eachKeyHasItsPermitsPerWindowThenWaitsForTheWindowsEnd() {
        WindowCounter counter = new WindowCounter(3, Duration.ofSeconds(30), 1000);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, counter.acquire("a"));
        }
        long retryAfter = counter.acquire("a");
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "seconds left in the window: " + retryAfter);
        assertEquals(0, counter.acquire("b"), "another key is counted apart");
    }

    @Test
    void recordedEventsAreJudgedOnlyOnceThePermitsAreSpent() {
        WindowCounter counter = new WindowCounter(2, Duration.ofSeconds(30), 1000);
        assertEquals(0, counter.spent("x"));
        counter.record("x");
        assertEquals(0, counter.spent("x"));
        counter.record("x");
        assertTrue(counter.spent("x") >= 1);
    }
}

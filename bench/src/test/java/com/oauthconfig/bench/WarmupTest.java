package com.oauthconfig.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up rule: settled when three consecutive windows lie within 5 % of each other, never by fewer windows. */
class WarmupTest {

    @Test
    void threeWindowsWithinFivePercentAreSettled() {
        assertTrue(Warmup.settled(List.of(800.0, 1000.0, 1040.0, 1020.0)));
        assertTrue(Warmup.settled(List.of(1000.0, 960.0, 990.0)));
    }

    @Test
    void aStillRisingOrTooShortRunIsNotSettled() {
        assertFalse(Warmup.settled(List.of(1000.0)));
        assertFalse(Warmup.settled(List.of(1000.0, 1020.0)));
        assertFalse(Warmup.settled(List.of(1000.0, 1030.0, 1060.0)), "6 % from the lowest to the highest");
        assertFalse(Warmup.settled(List.of(0.0, 0.0, 0.0)));
    }

    @Test
    void twoWindowsOnOnePlateauOfAClimbAreNotSettled() {
        // A create warm-up's windows: two on one plateau, and the timed runs then measured 311 req/s.
        assertFalse(Warmup.settled(List.of(100.0, 154.0, 198.0, 202.0)));
    }

    @Test
    void warmingStopsAtTheCapAndKeepsEveryWindow() {
        Vertx vertx = Vertx.vertx();
        try (Upstream upstream = Upstream.start(vertx)) {
            Load.Req req = Load.Req.get(upstream.url(), MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer a-token-long-enough-for-it"));
            Warmup.Outcome one = Warmup.untilSettled(new Load(vertx), req, Duration.ofMillis(200), Duration.ofMillis(200));
            assertEquals(1, one.windowsRps().size(), "a cap of one window gives one window");
            assertFalse(one.settled());
            assertTrue(one.windowsRps().get(0) > 0);
        } finally {
            vertx.close();
        }
    }
}

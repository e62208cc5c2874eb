package com.oauthconfig.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load generator against the benchmark's own upstream: counting, percentiles, errors, bursts. */
class LoadTest {

    private static Vertx vertx;
    private static Upstream upstream;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        upstream = Upstream.start(vertx);
    }

    @AfterAll
    static void stop() {
        upstream.close();
        vertx.close();
    }

    private static MultiMap bearer() {
        return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer a-token-long-enough-for-the-upstream");
    }

    @Test
    void closedLoopCountsEveryMeasuredAnswerAndOrdersPercentiles() {
        long before = upstream.served();
        Load.Result r = new Load(vertx).run(4, Duration.ofMillis(200), Duration.ofMillis(500), seq -> Load.Req.get(upstream.url(), bearer()),
                s -> s == 200);
        assertTrue(r.requests() > 0, "answers were counted");
        assertEquals(0, r.errors());
        assertNull(r.unusable("direct"));
        assertTrue(r.p50Ms() <= r.p99Ms() && r.p99Ms() <= r.maxMs());
        assertTrue(upstream.served() - before >= r.requests(), "the upstream saw at least the measured requests (plus warm-up)");
        assertTrue(r.rps() > 0);
    }

    @Test
    void measuredRequestsStopAtTheRequestedCount() {
        Load.Result r = new Load(vertx).run(3, Duration.ZERO, Duration.ofSeconds(30), 50, seq -> Load.Req.get(upstream.url(), bearer()),
                s -> s == 200, null);
        assertEquals(50, r.requests() + r.errors());
    }

    @Test
    void answersOutsideTheExpectedStatusAreErrorsAndMakeTheRunUnusableWithTheirStatus() {
        Load.Result r = new Load(vertx).run(2, Duration.ZERO, Duration.ofMillis(300),
                seq -> Load.Req.get(upstream.url(), MultiMap.caseInsensitiveMultiMap()), s -> s == 200);
        assertEquals(0, r.requests());
        assertTrue(r.errors() > 0);
        String why = r.unusable("direct");
        assertNotNull(why);
        assertTrue(why.contains("401"), why);
    }

    @Test
    void burstSendsEveryRequestAtOnceAndWaitsForAllAnswers() {
        List<Load.Req> herd = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            herd.add(Load.Req.get(upstream.url(), bearer()));
        }
        // The burst opens its connections with /q/health/live first; the upstream answers 401 there, which is fine.
        Load.Result r = new Load(vertx).burst(herd, s -> s == 200);
        assertEquals(50, r.requests());
        assertEquals(0, r.errors());
    }
}

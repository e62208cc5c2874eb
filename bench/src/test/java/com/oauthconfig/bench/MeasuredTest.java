package com.oauthconfig.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repeated runs: each figure is its own median, counts are sums, one unusable run spoils the lot. */
class MeasuredTest {

    private static Load.Result run(long requests, long errors, double seconds, long latencyMicros) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 100; i++) {
            h.recordValue(latencyMicros);
        }
        return new Load.Result(requests, errors, seconds, h, errors > 0 ? "HTTP 500" : null);
    }

    @Test
    void medianOfThreeIgnoresTheOutlierAndCountsAreSummed() {
        Measured m = new Measured(List.of(run(1000, 0, 1, 1000), run(5000, 0, 1, 9000), run(1200, 0, 1, 2000)));
        assertEquals(1200, m.rps(), 0.001);
        assertEquals(2.0, m.p50Ms(), 0.01);
        assertEquals(7200, m.requests());
        assertEquals(List.of(1000.0, 5000.0, 1200.0), m.rpsOfEachRun());
        assertNull(m.unusable("x"));
    }

    @Test
    void medianOfAnEvenNumberIsTheMeanOfTheMiddleTwo() {
        Measured m = new Measured(List.of(run(1000, 0, 1, 1000), run(2000, 0, 1, 1000)));
        assertEquals(1500, m.rps(), 0.001);
    }

    @Test
    void oneRunWithTooManyFailuresMakesTheMeasurementUnusable() {
        Measured m = new Measured(List.of(run(1000, 0, 1, 1000), run(100, 50, 1, 1000), run(1000, 0, 1, 1000)));
        assertEquals(50, m.errors());
        assertTrue(m.unusable("peer").contains("HTTP 500"), m.unusable("peer"));
    }
}

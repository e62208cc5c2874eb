package com.oauthconfig.bench;

import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;

/**
 * Warms a target until its throughput settles: windows of load at 16 concurrent, repeated until
 * {@link #STABLE_WINDOWS} consecutive windows lie within {@link #TOLERANCE} of each other in req/s
 * (highest over lowest), or the cap is reached (then the row's JSON says the target had not
 * settled). A JIT-compiled JVM needs tens of seconds for its hot paths to reach C2, and it climbs
 * in steps: two windows can land on one step of a climb that goes on (a create warm-up read
 * 100, 154, 198, 202 req/s and the timed runs after it 311), so two agreeing windows are not enough.
 */
final class Warmup {

    static final double TOLERANCE = 0.05;
    static final int STABLE_WINDOWS = 3;
    static final int CONCURRENCY = 16;

    private Warmup() {
    }

    /** The windows' req/s and whether the last ones were within the tolerance. */
    record Outcome(List<Double> windowsRps, boolean settled, String firstError) {

        JsonObject toJson() {
            JsonArray windows = new JsonArray();
            windowsRps.forEach(r -> windows.add(Report.round(r, 1)));
            return new JsonObject().put("windowsRps", windows).put("settled", settled);
        }
    }

    static Outcome untilSettled(Load load, Load.Req req, Duration window, Duration cap) {
        return untilSettled(load, seq -> req, s -> s == 200, null, window, cap);
    }

    /**
     * The same for requests that differ (creates, updates with their If-Match), each answer handed to
     * {@code onAnswer} (null: none, as in {@link Load#run}).
     */
    static Outcome untilSettled(Load load, LongFunction<Load.Req> next, IntPredicate ok,
                                BiConsumer<Load.Req, HttpClientResponse> onAnswer, Duration window, Duration cap) {
        List<Double> windows = new ArrayList<>();
        long deadline = System.nanoTime() + cap.toNanos();
        String firstError = null;
        do {
            Load.Result r = load.run(CONCURRENCY, Duration.ZERO, window, Long.MAX_VALUE, next, ok, onAnswer);
            if (firstError == null) {
                firstError = r.firstError();
            }
            windows.add(r.rps());
            if (settled(windows)) {
                return new Outcome(windows, true, firstError);
            }
        } while (System.nanoTime() < deadline);
        return new Outcome(windows, false, firstError);
    }

    static boolean settled(List<Double> windows) {
        int n = windows.size();
        if (n < STABLE_WINDOWS) {
            return false;
        }
        List<Double> last = windows.subList(n - STABLE_WINDOWS, n);
        double lowest = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double highest = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return lowest > 0 && (highest - lowest) / lowest < TOLERANCE;
    }
}

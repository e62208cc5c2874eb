package com.oauthconfig.bench;

import com.oauthconfig.localstack.LocalStack;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The configuration events the two consuming services have applied, counted in their
 * {@code processed_event} tables. Under load the consumers run behind the config API: they apply
 * each event in a transaction of their own while the API takes new writes, and on a machine of 2
 * cores the backlog they work off after a run is CPU the write cost all the same. So a write row
 * waits until every event its run caused has been applied and counts that time in its sustained
 * rate and its CPU per request.
 */
final class EventBacklog {

    /** The databases of the services that consume oauth-config-events. */
    static final String[] CONSUMERS = {"token_service", "credential_alias_service"};
    /** Often enough to time a catch-up of seconds, rarely enough that counting is not a load of its own. */
    static final Duration POLL = Duration.ofMillis(200);

    private final Supplier<long[]> applied;

    EventBacklog(Supplier<long[]> applied) {
        this.applied = applied;
    }

    static EventBacklog of(LocalStack stack) {
        return new EventBacklog(() -> {
            long[] counts = new long[CONSUMERS.length];
            for (int i = 0; i < CONSUMERS.length; i++) {
                try (Connection c = stack.postgres().connect(CONSUMERS[i]); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("select count(*) from processed_event")) {
                    r.next();
                    counts[i] = r.getLong(1);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot count the events " + CONSUMERS[i] + " applied: " + e.getMessage(), e);
                }
            }
            return counts;
        });
    }

    /** Events each consumer has applied so far. */
    long[] applied() {
        return applied.get();
    }

    /** How long the consumers took to apply a run's events after it ended, and whether they did within the cap. */
    record CatchUp(double seconds, boolean caughtUp, long[] behindAtEnd) {

        JsonObject toJson() {
            return new JsonObject().put("seconds", Report.round(seconds, 2)).put("caughtUp", caughtUp)
                    .put("eventsBehindAtEnd", Arrays.stream(behindAtEnd).max().orElse(0));
        }
    }

    /**
     * Waits until each consumer has applied {@code events} more than it had at {@code before}, at
     * most {@code cap}. {@code behindAtEnd} is how many events the slower consumer still had to
     * apply when the wait began.
     */
    CatchUp await(long[] before, long events, Duration cap) {
        long began = System.nanoTime();
        long[] behindAtEnd = behind(before, events, applied());
        long[] behind = behindAtEnd;
        while (Arrays.stream(behind).anyMatch(b -> b > 0)) {
            if (System.nanoTime() - began >= cap.toNanos()) {
                return new CatchUp((System.nanoTime() - began) / 1e9, false, behindAtEnd);
            }
            pause();
            behind = behind(before, events, applied());
        }
        return new CatchUp((System.nanoTime() - began) / 1e9, true, behindAtEnd);
    }

    /**
     * Waits until no consumer has applied anything for {@code quiet} (at most {@code cap}): the
     * backlog of a warm-up, whose event count the row does not track, is worked off before a timed run.
     */
    void awaitQuiet(Duration quiet, Duration cap) {
        long began = System.nanoTime();
        long lastChange = began;
        long[] last = applied();
        while (System.nanoTime() - lastChange < quiet.toNanos() && System.nanoTime() - began < cap.toNanos()) {
            pause();
            long[] now = applied();
            if (!Arrays.equals(now, last)) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the consumers", e);
        }
    }

    private static long[] behind(long[] before, long events, long[] now) {
        long[] behind = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            behind[i] = Math.max(0, before[i] + events - now[i]);
        }
        return behind;
    }
}

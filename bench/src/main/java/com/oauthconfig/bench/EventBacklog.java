package com.oauthconfig.bench;

import com.oauthconfig.localstack.LocalStack;
import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The configuration events published and those the two consuming services have applied. Under
 * load the consumers run behind the config API: they apply each event in a transaction of their
 * own while the API takes new writes, and on a machine of 2 cores the backlog they work off after
 * a run is CPU the write cost all the same. So a write row starts once every event published so
 * far has been applied, and ends once every event of its run has been, and counts that time in its
 * sustained rate and its CPU per request.
 * <p>
 * Published: the config-service's audit rows, one per change in the change's transaction, exactly
 * as the events (a write that changes nothing writes neither). Applied: the sum of the versions each
 * consumer's state table records per configuration, which is the number of events it has applied
 * (each change has the next version, and the events of a configuration arrive in order). The counts
 * are read over connections held open for the run, so polling forks no database backend on the
 * machine being measured.
 */
final class EventBacklog implements AutoCloseable {

    /** The databases of the services that consume oauth-config-events, and the events each has applied. */
    private static final Map<String, String> APPLIED = Map.of(
            "token_service", "select coalesce(sum(last_version), 0) from config_state",
            "credential_alias_service", "select coalesce(sum(last_version), 0) from config_event_state");
    /** Often enough to time a catch-up of seconds, rarely enough that counting is not a load of its own. */
    static final Duration POLL = Duration.ofMillis(200);

    private final LongSupplier published;
    private final Supplier<long[]> applied;
    private final Runnable onClose;

    EventBacklog(LongSupplier published, Supplier<long[]> applied, Runnable onClose) {
        this.published = published;
        this.applied = applied;
        this.onClose = onClose;
    }

    static EventBacklog of(LocalStack stack) {
        Counts counts = new Counts(stack);
        return new EventBacklog(() -> counts.of("config_service", "select count(*) from oauth_config_audit"),
                () -> APPLIED.entrySet().stream().mapToLong(e -> counts.of(e.getKey(), e.getValue())).toArray(),
                counts::close);
    }

    /** Counts read over one connection per database, opened on first use and kept until closed. */
    private static final class Counts {

        private final LocalStack stack;
        private final Map<String, Connection> open = new HashMap<>();

        Counts(LocalStack stack) {
            this.stack = stack;
        }

        long of(String database, String countSql) {
            try {
                Connection c = open.get(database);
                if (c == null) {
                    c = stack.postgres().connect(database);
                    open.put(database, c);
                }
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(countSql)) {
                    r.next();
                    return r.getLong(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot count events in " + database + ": " + e.getMessage(), e);
            }
        }

        void close() {
            for (Connection c : open.values()) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // a benchmark's read connection; nothing to keep
                }
            }
            open.clear();
        }
    }

    /** How long the consumers took to apply what was published when the wait began, and whether they did within the cap. */
    record CatchUp(double seconds, boolean caughtUp, long[] behindAtStart) {

        JsonObject toJson() {
            return new JsonObject().put("seconds", Report.round(seconds, 2)).put("caughtUp", caughtUp)
                    .put("eventsBehindAtEnd", Arrays.stream(behindAtStart).max().orElse(0));
        }
    }

    /** Waits until each consumer has applied every event published so far, at most {@code cap}. */
    CatchUp awaitAllApplied(Duration cap) {
        long began = System.nanoTime();
        long target = published.getAsLong();
        long[] behindAtStart = behind(target, applied.get());
        long[] behind = behindAtStart;
        while (Arrays.stream(behind).anyMatch(b -> b > 0)) {
            if (System.nanoTime() - began >= cap.toNanos()) {
                return new CatchUp((System.nanoTime() - began) / 1e9, false, behindAtStart);
            }
            pause();
            behind = behind(target, applied.get());
        }
        return new CatchUp((System.nanoTime() - began) / 1e9, true, behindAtStart);
    }

    @Override
    public void close() {
        onClose.run();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the consumers", e);
        }
    }

    private static long[] behind(long published, long[] applied) {
        long[] behind = new long[applied.length];
        for (int i = 0; i < applied.length; i++) {
            behind[i] = Math.max(0, published - applied[i]);
        }
        return behind;
    }
}

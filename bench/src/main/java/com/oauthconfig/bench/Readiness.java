package com.oauthconfig.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Start time the same way for every process the benchmark compares: from spawn to the first
 * answer 200 with status UP on its readiness endpoint, polled every 20 ms.
 */
final class Readiness {

    static final Duration POLL = Duration.ofMillis(20);

    private Readiness() {
    }

    /**
     * Seconds from {@code spawnedNanos} (System.nanoTime just before the spawn) to the first UP;
     * fails when {@code alive} turns false or after {@code timeout}.
     */
    static double awaitUp(String readinessUrl, long spawnedNanos, BooleanSupplier alive, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = spawnedNanos + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("exited before it was ready (last: " + last + ")");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(readinessUrl)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP")) {
                    return (System.nanoTime() - spawnedNanos) / 1e9;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw new IllegalStateException("not ready within " + TimeUnit.NANOSECONDS.toSeconds(timeout.toNanos()) + " s (last: " + last + ")");
    }
}

package com.oauthconfig.common.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts events per key in a fixed window that opens with the key's first event. Bounded and
 * expiring (Caffeine): a key's entry disappears when its window ends, and at most {@code maxKeys}
 * keys are held, so a flood of distinct keys cannot grow memory.
 */
final class WindowCounter {

    private record Window(long endsAtNanos, AtomicInteger count) {
    }

    private final Cache<String, Window> windows;
    private final int permits;
    private final long windowNanos;

    WindowCounter(int permits, Duration window, int maxKeys) {
        this.permits = permits;
        this.windowNanos = window.toNanos();
        this.windows = Caffeine.newBuilder().maximumSize(maxKeys).expireAfter(new Expiry<String, Window>() {
            @Override
            public long expireAfterCreate(String key, Window w, long now) {
                return Math.max(0, w.endsAtNanos() - now);
            }

            @Override
            public long expireAfterUpdate(String key, Window w, long now, long remaining) {
                return remaining;
            }

            @Override
            public long expireAfterRead(String key, Window w, long now, long remaining) {
                return remaining;
            }
        }).build();
    }

    /** Counts one event; returns 0 when it is within the permits, otherwise the seconds until the window ends. */
    long acquire(String key) {
        Window w = window(key);
        return w.count().incrementAndGet() <= permits ? 0 : secondsLeft(w);
    }

    /** Counts one event without judging it (e.g. a 401 already answered). */
    void record(String key) {
        window(key).count().incrementAndGet();
    }

    /** The seconds until the window ends when the key has used its permits, otherwise 0; counts nothing. */
    long spent(String key) {
        Window w = windows.getIfPresent(key);
        return w == null || w.count().get() < permits ? 0 : secondsLeft(w);
    }

    private Window window(String key) {
        return windows.get(key, k -> new Window(System.nanoTime() + windowNanos, new AtomicInteger()));
    }

    private static long secondsLeft(Window w) {
        long nanos = w.endsAtNanos() - System.nanoTime();
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}

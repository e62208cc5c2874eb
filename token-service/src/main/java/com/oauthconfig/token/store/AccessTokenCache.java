package com.oauthconfig.token.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.oauthconfig.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This replica's decrypted access tokens per (org, config, user), so a cache hit skips the row read
 * and the AES-GCM open. Safe only while every change of a {@code user_token} row reaches it: the
 * database trigger's notifications ({@code TokenChangeListener}) and local writes evict, and while
 * the listener is not connected nothing is served from or put into the cache. An entry is served
 * only under the same rule as {@link TokenHandOutPolicy#usable} (before exp and the platform cap, less the
 * margin), at most {@code max-age}, and only for the consent fingerprint it was issued under.
 * Held in memory only: never serialised, never logged.
 */
@ApplicationScoped
public class AccessTokenCache {

    /** A token that may be handed out, with the moment it stops being handed out. */
    public record Hit(String accessToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Hit[expiresAt=" + expiresAt + "]";
        }
    }

    private record Key(String orgId, String configId, String userId) {
    }

    private static final class Entry {
        final String accessToken;
        final Instant expiresAt;
        final Instant usableUntil;
        final String consentFingerprint;

        Entry(String accessToken, Instant expiresAt, Instant usableUntil, String consentFingerprint) {
            this.accessToken = accessToken;
            this.expiresAt = expiresAt;
            this.usableUntil = usableUntil;
            this.consentFingerprint = consentFingerprint;
        }

        @Override
        public String toString() {
            return "Entry[expiresAt=" + expiresAt + "]";
        }
    }

    private final TokenServiceConfig settings;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    /**
     * Bumped by every eviction. A load records it before reading the row and caches its result
     * only if no eviction happened meanwhile, so a row read before a change never outlives it.
     */
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;

    private final Counter hits;
    private final Counter misses;
    private final Counter evictions;

    /**
     * Hits and misses in {@code cache.gets{cache=access-tokens,result=hit|miss}}, and entries dropped
     * before their time (their row or config changed, or the listener was lost) in
     * {@code cache.evictions{cache=access-tokens}}, as Micrometer's cache binders name them. The
     * evictions show that other replicas' changes reach this one.
     */
    public AccessTokenCache(TokenServiceConfig settings, MeterRegistry meters) {
        this.settings = settings;
        this.hits = meters.counter("cache.gets", "cache", "access-tokens", "result", "hit");
        this.misses = meters.counter("cache.gets", "cache", "access-tokens", "result", "miss");
        this.evictions = meters.counter("cache.evictions", "cache", "access-tokens");
    }

    private boolean active() {
        return listening && settings.tokenCache().enabled();
    }

    /** The cached token when it may still be handed out at {@code now} for this consent fingerprint; null otherwise. */
    public Hit get(String orgId, String configId, String userId, String consentFingerprint, Instant now) {
        if (!active()) {
            return null;
        }
        Key key = new Key(orgId, configId, userId);
        Entry e = entries.get(key);
        if (e == null) {
            misses.increment();
            return null;
        }
        if (!now.isBefore(e.usableUntil) || !e.consentFingerprint.equals(consentFingerprint)) {
            entries.remove(key, e);
            misses.increment();
            return null;
        }
        hits.increment();
        return new Hit(e.accessToken, e.expiresAt);
    }

    /** Taken before reading the row; pass it to {@link #put}. */
    public long stamp() {
        return generation.get();
    }

    /**
     * Caches a token read from the row. {@code usableUntil} is when {@link TokenHandOutPolicy#usable} turns
     * false; the entry is further cut at now + max-age. Ignored when anything was evicted since
     * {@code stamp}, when the listener is down, or when the cache is full.
     */
    public void put(long stamp, String orgId, String configId, String userId, String accessToken, Instant expiresAt,
                    Instant usableUntil, String consentFingerprint, Instant now) {
        if (!active() || consentFingerprint == null) {
            return;
        }
        Instant maxAge = now.plus(settings.tokenCache().maxAge());
        Instant until = usableUntil.isBefore(maxAge) ? usableUntil : maxAge;
        if (!now.isBefore(until)) {
            return;
        }
        if (entries.size() >= settings.tokenCache().maxSize()) {
            entries.values().removeIf(e -> !now.isBefore(e.usableUntil));
            if (entries.size() >= settings.tokenCache().maxSize()) {
                return;
            }
        }
        Key key = new Key(orgId, configId, userId);
        entries.put(key, new Entry(accessToken, expiresAt, until, consentFingerprint));
        // An eviction that raced with this put (after the stamp) wins: undo.
        if (generation.get() != stamp) {
            entries.remove(key);
        }
    }

    /** Forgets one user's token (row changed here or on another replica). */
    public void evict(String orgId, String configId, String userId) {
        generation.incrementAndGet();
        if (entries.remove(new Key(orgId, configId, userId)) != null) {
            evictions.increment();
        }
    }

    /** Forgets every token of a config (config changed or removed). */
    public void evictConfig(String configId) {
        generation.incrementAndGet();
        entries.keySet().removeIf(k -> {
            boolean ofConfig = k.configId().equals(configId);
            if (ofConfig) {
                evictions.increment();
            }
            return ofConfig;
        });
    }

    public void evictAll() {
        generation.incrementAndGet();
        int before = entries.size();
        entries.clear();
        evictions.increment(before);
    }

    /** Called by the listener: true once LISTEN is in place, false when its connection is lost. */
    public void listening(boolean nowListening) {
        // Whatever changed while nobody listened is unknown: start empty either way.
        evictAll();
        listening = nowListening;
        evictAll();
    }

    public boolean isListening() {
        return listening;
    }

    public int size() {
        return entries.size();
    }
}

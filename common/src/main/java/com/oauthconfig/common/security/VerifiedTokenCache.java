package com.oauthconfig.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.LongAdder;

/**
 * Platform bearer tokens this replica has already verified, so a caller that sends the same token
 * again (a platform service uses its client-credentials token for minutes, thousands of times)
 * skips the RS256 check and the three JSON parses that cost more than half of a cache-hit token
 * resolution. An entry holds only what OIDC verification itself produced, keyed by the SHA-256 of
 * the exact token string: any other string (tampered, re-signed, truncated) misses and is verified
 * in full. It is served until the token's own {@code exp} and at most {@code max-age} after it
 * was verified (a withdrawn signing key is refused by {@link PlatformKeyCheck}, which also runs on
 * identities served from here). Caffeine holds the entries: at most {@code max-size}, least recently
 * used out first, each expiring at its own time; gets, hits and misses are Micrometer's
 * {@code cache.*} meters with {@code cache=verified-platform-tokens}. Not usable with sender-constrained tokens (DPoP, mTLS-bound), which this platform does not use.
 */
@ApplicationScoped
public class VerifiedTokenCache {

    /** Identity attribute marking an identity served from this cache (so it is not remembered again). */
    public static final String SERVED_FROM_CACHE = "com.oauthconfig.verified-token-cache.hit";

    private record Entry(SecurityIdentity identity, Instant until) {
    }

    /** MessageDigest instances are not thread-safe and costly to look up; one per event-loop/worker thread. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private final boolean enabled;
    private final Duration maxAge;
    private final Cache<String, Entry> entries;
    private final LongAdder hits = new LongAdder();

    public VerifiedTokenCache(@ConfigProperty(name = "platform-auth.verified-token-cache.enabled", defaultValue = "true") boolean enabled,
                              @ConfigProperty(name = "platform-auth.verified-token-cache.max-age", defaultValue = "60s") Duration maxAge,
                              @ConfigProperty(name = "platform-auth.verified-token-cache.max-size", defaultValue = "10000") int maxSize,
                              MeterRegistry meters) {
        this.enabled = enabled;
        this.maxAge = maxAge;
        this.entries = Caffeine.newBuilder().maximumSize(maxSize).expireAfter(new UntilExpiry()).recordStats().build();
        CaffeineCacheMetrics.monitor(meters, entries, "verified-platform-tokens");
    }

    /** Each entry lives until its own {@code until} (the token's exp, capped at max-age); reads and re-puts do not extend it. */
    private static final class UntilExpiry implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry value, long currentTime) {
            return Math.max(0, Duration.between(Instant.now(), value.until()).toNanos());
        }

        @Override
        public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
            return Math.max(0, Duration.between(Instant.now(), value.until()).toNanos());
        }

        @Override
        public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** The identity verified earlier for exactly this token, or null. */
    public SecurityIdentity lookup(String token, Instant now) {
        if (!enabled || token == null) {
            return null;
        }
        String key = digest(token);
        Entry e = entries.getIfPresent(key);
        if (e == null) {
            return null;
        }
        if (!now.isBefore(e.until())) {
            entries.asMap().remove(key, e);
            return null;
        }
        hits.increment();
        return e.identity();
    }

    /**
     * Keeps an identity OIDC has just verified for this token. An entry already present stays as it
     * is: re-remembering on every hit would slide max-age forever.
     */
    public void remember(String token, SecurityIdentity identity, Instant now) {
        if (!enabled || token == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getExpirationTime() <= 0) {
            return;
        }
        Instant expires = Instant.ofEpochSecond(jwt.getExpirationTime());
        Instant capped = now.plus(maxAge);
        Instant until = expires.isBefore(capped) ? expires : capped;
        if (!now.isBefore(until)) {
            return;
        }
        entries.asMap().compute(digest(token), (k, old) -> old != null && now.isBefore(old.until()) ? old : new Entry(identity, until));
    }

    public long hits() {
        return hits.sum();
    }

    public long size() {
        return entries.estimatedSize();
    }

    public void clear() {
        entries.invalidateAll();
    }

    private static String digest(String token) {
        byte[] sha = SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(sha);
    }
}

package com.oauthconfig.bench.peer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A {@link ReactiveJwtDecoder} that remembers a token it verified, keyed by the SHA-256 of the
 * exact token string, until the token's {@code exp} and at most {@code maxAge} — the same rule as
 * the platform's verified-token cache, so the like-for-like comparison pays for verification the
 * same way. Only successfully verified tokens are kept; a failure is never cached.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final Cache<String, Jwt> verified;

    VerifiedTokenCache(ReactiveJwtDecoder delegate, Duration maxAge, long maxSize) {
        this.delegate = delegate;
        this.verified = Caffeine.newBuilder().maximumSize(maxSize).expireAfter(new UntilExpiry(maxAge)).build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        String key = sha256(token);
        Jwt hit = verified.getIfPresent(key);
        if (hit != null) {
            return Mono.just(hit);
        }
        return delegate.decode(token).doOnNext(jwt -> verified.put(key, jwt));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lives until the token's exp, capped at maxAge; a token without exp lives maxAge. */
    private record UntilExpiry(Duration maxAge) implements Expiry<String, Jwt> {

        @Override
        public long expireAfterCreate(String key, Jwt jwt, long currentTime) {
            Duration left = jwt.getExpiresAt() == null ? maxAge : Duration.between(Instant.now(), jwt.getExpiresAt());
            long nanos = Math.min(maxAge.toNanos(), left.toNanos());
            return Math.max(0, nanos);
        }

        @Override
        public long expireAfterUpdate(String key, Jwt jwt, long currentTime, long currentDuration) {
            return expireAfterCreate(key, jwt, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Jwt jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}

package com.oauthconfig.common.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Rate limits every service applies the same way. Each limit counts events per key (a caller or a
 * client address) in a fixed window that starts with the key's first event; past the permits, 429
 * problem+json with {@code Retry-After} until the window ends. Counters live in each replica's
 * memory: with n replicas behind a load balancer a key may get up to n times the permits.
 */
@ConfigMapping(prefix = "platform-rate-limits")
public interface RateLimitConfig {

    /** Switches every limit off (for a load test, never in production). */
    @WithDefault("true")
    boolean enabled();

    /** Length of each key's counting window. */
    @WithDefault("1m")
    Duration window();

    /** Keys each limit remembers at most; beyond it the least recently used are forgotten (they start afresh). */
    @WithDefault("100000")
    int maxKeys();

    /** Sign-in starts (token-service authorize) per caller (organisation and subject) per window. */
    @WithDefault("30")
    int signInStartsPerCaller();

    /** Sign-in starts per client address per window (an office behind one NAT address shares it). */
    @WithDefault("300")
    int signInStartsPerAddress();

    /** Public SSO look-ups (config-service /sso/providers) per client address per window. */
    @WithDefault("120")
    int ssoLookupsPerAddress();

    /** 401 answers per client address per window, on any endpoint; past it the address gets 429 for everything. */
    @WithDefault("60")
    int unauthorizedPerAddress();
}

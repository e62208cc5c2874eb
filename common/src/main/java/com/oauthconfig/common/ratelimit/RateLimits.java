package com.oauthconfig.common.ratelimit;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The limits a resource applies by name: {@link #signInStart(String)} and {@link #ssoLookup()}.
 * A client is keyed by the connection's remote address, never by a header it could choose
 * (X-Forwarded-For is believed only where Quarkus' {@code quarkus.http.proxy.*} settings trust
 * the proxy that sent it, and then Quarkus itself reports the forwarded address as the remote one).
 */
@ApplicationScoped
public class RateLimits {

    private final RateLimitConfig config;
    private final CurrentVertxRequest request;
    private final WindowCounter signInsPerCaller;
    private final WindowCounter signInsPerAddress;
    private final WindowCounter ssoLookupsPerAddress;

    public RateLimits(RateLimitConfig config, CurrentVertxRequest request) {
        this.config = config;
        this.request = request;
        this.signInsPerCaller = new WindowCounter(config.signInStartsPerCaller(), config.window(), config.maxKeys());
        this.signInsPerAddress = new WindowCounter(config.signInStartsPerAddress(), config.window(), config.maxKeys());
        this.ssoLookupsPerAddress = new WindowCounter(config.ssoLookupsPerAddress(), config.window(), config.maxKeys());
    }

    /** One sign-in start by {@code caller} (organisation and subject) from the current request's address. */
    public void signInStart(String caller) {
        if (config.enabled()) {
            check("sign-in starts from this caller", signInsPerCaller.acquire(caller));
            check("sign-in starts from this address", signInsPerAddress.acquire(ClientAddress.of(request.getCurrent())));
        }
    }

    /** One public SSO look-up from the current request's address. */
    public void ssoLookup() {
        if (config.enabled()) {
            check("SSO look-ups from this address", ssoLookupsPerAddress.acquire(ClientAddress.of(request.getCurrent())));
        }
    }

    private static void check(String limit, long retryAfterSeconds) {
        if (retryAfterSeconds > 0) {
            throw new RateLimitedException(limit, retryAfterSeconds);
        }
    }
}

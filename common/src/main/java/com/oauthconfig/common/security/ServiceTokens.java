package com.oauthconfig.common.security;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * This service's own access token for calls to other platform services (client credentials at
 * the platform issuer, through quarkus-oidc-client), reused until 30 s before it expires so an
 * outbound call does not cost a token request. Never logged.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final long RENEW_BEFORE_EXPIRY_SECONDS = 30;

    private final OidcClient client;
    private volatile Tokens current;

    public ServiceTokens(OidcClient client) {
        this.client = client;
    }

    /** The Authorization header value: {@code Bearer <token>}. */
    public Uni<String> bearer() {
        Tokens t = current;
        if (t != null && fresh(t)) {
            return Uni.createFrom().item("Bearer " + t.getAccessToken());
        }
        return client.getTokens().invoke(tokens -> current = tokens).map(tokens -> "Bearer " + tokens.getAccessToken());
    }

    /** Drops the cached token, e.g. after a peer answered 401 to it. */
    public void invalidate() {
        current = null;
    }

    private static boolean fresh(Tokens tokens) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        return expiresAt == null || Instant.now().getEpochSecond() + RENEW_BEFORE_EXPIRY_SECONDS < expiresAt;
    }
}

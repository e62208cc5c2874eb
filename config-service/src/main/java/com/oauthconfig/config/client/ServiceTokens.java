package com.oauthconfig.config.client;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This service's own short-lived access token (client credentials as {@code config-service}) for
 * calls to other platform services; fetched when missing or about to expire, never logged.
 */
@ApplicationScoped
public class ServiceTokens {

    private final OidcClient oidc;
    private volatile Tokens current;

    public ServiceTokens(OidcClient oidc) {
        this.oidc = oidc;
    }

    /** The value of an Authorization header: {@code Bearer <token>}. */
    public Uni<String> authorizationHeader() {
        Tokens t = current;
        if (t != null && !t.isAccessTokenExpired() && !t.isAccessTokenWithinRefreshInterval()) {
            return Uni.createFrom().item("Bearer " + t.getAccessToken());
        }
        return oidc.getTokens().invoke(fresh -> current = fresh).map(fresh -> "Bearer " + fresh.getAccessToken());
    }
}

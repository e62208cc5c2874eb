package com.oauthconfig.alias.client;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * This service's own access token (client credentials at the platform issuer), cached until
 * shortly before it expires so each outbound call does not cost a token request.
 */
@ApplicationScoped
public class ServiceTokens {

    private final OidcClient oidcClient;
    private volatile Tokens current;

    public ServiceTokens(OidcClient oidcClient) {
        this.oidcClient = oidcClient;
    }

    /** "Bearer …" for the Authorization header. */
    public Uni<String> bearer() {
        Tokens t = current;
        if (t != null && !t.isAccessTokenExpired() && !t.isAccessTokenWithinRefreshInterval()) {
            return Uni.createFrom().item("Bearer " + t.getAccessToken());
        }
        return oidcClient.getTokens().invoke(fresh -> current = fresh).map(fresh -> "Bearer " + fresh.getAccessToken());
    }

    /** Drops the cached token, e.g. after the config-service rejected it. */
    public void invalidate() {
        current = null;
    }
}

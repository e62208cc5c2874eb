package com.oauthconfig.token.client;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The token-service's own service token (client credentials at the platform issuer, through
 * quarkus-oidc-client), reused until shortly before it expires.
 */
@ApplicationScoped
public class ServiceTokens {

    private static final long MARGIN_SECONDS = 30;

    private final OidcClient client;
    private final AtomicReference<Tokens> current = new AtomicReference<>();

    public ServiceTokens(OidcClient client) {
        this.client = client;
    }

    public Uni<String> bearer() {
        Tokens tokens = current.get();
        if (tokens != null && stillFresh(tokens)) {
            return Uni.createFrom().item("Bearer " + tokens.getAccessToken());
        }
        return client.getTokens().invoke(current::set).map(t -> "Bearer " + t.getAccessToken());
    }

    private static boolean stillFresh(Tokens tokens) {
        Long exp = tokens.getAccessTokenExpiresAt();
        return exp == null || Instant.now().getEpochSecond() + MARGIN_SECONDS < exp;
    }
}

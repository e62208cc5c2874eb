package com.oauthconfig.token.keys;

import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.store.TokenRepository;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Key rotation status for operators: how many stored token rows still depend on retired keys.
 * When that count is 0, retired keys may leave the configuration. Always UP while the database
 * answers: old keys are expected during a rotation. Readiness is served without authentication,
 * so it names no key id.
 */
@Readiness
@ApplicationScoped
public class KeyRotationHealthCheck implements AsyncHealthCheck {

    public static final String NAME = "token key rotation";

    private final TokenRepository tokens;
    private final TokenServiceConfig settings;

    public KeyRotationHealthCheck(TokenRepository tokens, TokenServiceConfig settings) {
        this.tokens = tokens;
        this.settings = settings;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return tokens.countSealedNotWith(settings.crypto().activeKeyId())
                .map(n -> HealthCheckResponse.named(NAME).up()
                        .withData("configuredKeys", settings.crypto().keys().size())
                        .withData("tokensOnRetiredKeys", n)
                        .build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("error", e.getClass().getSimpleName()).build());
    }
}

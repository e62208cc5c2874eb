package com.oauthconfig.config.health;

import com.oauthconfig.config.config.ConfigServiceConfig;
import com.oauthconfig.common.crypto.EnvelopeCipher;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Key rotation status for operators: which key wraps new secrets and how many stored secrets
 * still depend on retired keys. When that count is 0, retired keys may leave the configuration.
 * Always UP while the database answers: old keys are expected during a rotation.
 */
@Readiness
@ApplicationScoped
public class KeyRotationHealthCheck implements AsyncHealthCheck {

    private final Pool pool;
    private final ConfigServiceConfig config;

    public KeyRotationHealthCheck(Pool pool, ConfigServiceConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String active = config.crypto().activeKeyId();
        return pool.preparedQuery("select count(*) from oauth_config where client_secret_sealed is not null "
                        + "and client_secret_sealed not like $1")
                .execute(Tuple.of(EnvelopeCipher.likePatternForKey(active)))
                .map(rows -> HealthCheckResponse.named("client-secret key rotation").up()
                        .withData("activeKeyId", active)
                        .withData("configuredKeys", config.crypto().keys().size())
                        .withData("secretsOnRetiredKeys", rows.iterator().next().getLong(0))
                        .build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("client-secret key rotation").down()
                        .withData("error", e.getClass().getSimpleName()).build());
    }
}

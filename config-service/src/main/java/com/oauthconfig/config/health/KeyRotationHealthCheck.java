package com.oauthconfig.config.health;

import com.oauthconfig.config.config.ConfigServiceConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Key rotation status for operators: how many stored secrets still depend on retired keys. When
 * that count is 0, retired keys may leave the configuration. Always UP while the database
 * answers: old keys are expected during a rotation. Readiness is served without authentication,
 * so it names no key id.
 */
@Readiness
@ApplicationScoped
public class KeyRotationHealthCheck implements AsyncHealthCheck {

    public static final String NAME = "client-secret key rotation";

    /**
     * Secrets wrapped by another key than {@code $1}. "Less or greater" instead of "not equal" so
     * PostgreSQL answers from the key-id index (V3) with two range scans, empty outside a
     * rotation, instead of reading every row on every probe.
     */
    public static final String RETIRED_COUNT_SQL = "select count(*) from oauth_config "
            + "where split_part(client_secret_sealed, '.', 2) < $1 or split_part(client_secret_sealed, '.', 2) > $1";

    private final Pool pool;
    private final ConfigServiceConfig config;

    public KeyRotationHealthCheck(Pool pool, ConfigServiceConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.preparedQuery(RETIRED_COUNT_SQL)
                .execute(Tuple.of(config.crypto().activeKeyId()))
                .map(rows -> HealthCheckResponse.named(NAME).up()
                        .withData("configuredKeys", config.crypto().keys().size())
                        .withData("secretsOnRetiredKeys", rows.iterator().next().getLong(0))
                        .build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("error", e.getClass().getSimpleName()).build());
    }
}

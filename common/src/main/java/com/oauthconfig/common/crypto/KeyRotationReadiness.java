package com.oauthconfig.common.crypto;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Key rotation status for operators: how many sealed values still depend on retired keys; at 0
 * retired keys may leave the configuration. Always UP while the database answers (old keys are
 * expected during a rotation). Readiness is served without authentication, so it names no key id.
 * A service subclasses it as its {@code @Readiness} bean.
 */
public abstract class KeyRotationReadiness implements AsyncHealthCheck {

    private final SealedRows rows;
    private final KeyRingSettings settings;

    protected KeyRotationReadiness(SealedRows rows, KeyRingSettings settings) {
        this.rows = rows;
        this.settings = settings;
    }

    /** The check's name in the readiness document. */
    protected abstract String name();

    @Override
    public Uni<HealthCheckResponse> call() {
        return rows.countOnRetiredKeys(settings.activeKeyId())
                .map(n -> HealthCheckResponse.named(name()).up()
                        .withData("configuredKeys", settings.keys().size())
                        .withData(rows.retiredCountName(), n)
                        .build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(name()).down()
                        .withData("error", e.getClass().getSimpleName()).build());
    }
}

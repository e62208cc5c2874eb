package com.oauthconfig.config.health;

import com.oauthconfig.common.crypto.KeyRotationReadiness;
import com.oauthconfig.config.config.ConfigServiceConfig;
import com.oauthconfig.config.repository.ClientSecretRows;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** How many client secrets still depend on retired keys (common's key-rotation readiness). */
@Readiness
@Singleton
public class KeyRotationHealthCheck extends KeyRotationReadiness {

    public static final String NAME = "client-secret key rotation";

    public KeyRotationHealthCheck(ClientSecretRows rows, ConfigServiceConfig config) {
        super(rows, config.crypto());
    }

    @Override
    protected String name() {
        return NAME;
    }
}

package com.oauthconfig.token.keys;

import com.oauthconfig.common.crypto.KeyRotationReadiness;
import com.oauthconfig.token.config.TokenServiceConfig;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;

/** How many stored token rows still depend on retired keys (common's key-rotation readiness). */
@Readiness
@Singleton
public class KeyRotationHealthCheck extends KeyRotationReadiness {

    public static final String NAME = "token key rotation";

    public KeyRotationHealthCheck(StoredTokenRows rows, TokenServiceConfig settings) {
        super(rows, settings.crypto());
    }

    @Override
    protected String name() {
        return NAME;
    }
}

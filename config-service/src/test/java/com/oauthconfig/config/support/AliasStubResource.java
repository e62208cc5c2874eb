package com.oauthconfig.config.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts the stand-ins of the two services a removal asks (the credential-alias-service's references
 * and the token-service's usage records) and points the config-service's REST clients at them.
 */
public class AliasStubResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.credential-alias-service.url", AliasServiceStub.start(),
                "quarkus.rest-client.token-service.url", TokenServiceStub.start());
    }

    @Override
    public void stop() {
        AliasServiceStub.stop();
        TokenServiceStub.stop();
    }
}

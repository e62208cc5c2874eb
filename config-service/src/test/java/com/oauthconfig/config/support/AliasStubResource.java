package com.oauthconfig.config.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts the credential-alias-service stub and points the config-service's REST client at it. */
public class AliasStubResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.credential-alias-service.url", AliasServiceStub.start());
    }

    @Override
    public void stop() {
        AliasServiceStub.stop();
    }
}

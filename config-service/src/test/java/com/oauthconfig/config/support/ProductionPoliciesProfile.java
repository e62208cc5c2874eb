package com.oauthconfig.config.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The production address policy and circuit breaker on the test rig (one application instance
 * shared by the test classes that use it). Only the breaker's open time is shortened, so tests
 * can watch it close again.
 */
public class ProductionPoliciesProfile implements QuarkusTestProfile {

    private static final String BREAKER = "com.oauthconfig.config.client.CredentialAliasGateway/references/CircuitBreaker/";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "config-service.allow-private-endpoints", "false",
                // The build machine may have no internet: the public literal issuer used in tests has no discovery document.
                "config-service.discovery.verify-issuer", "false",
                BREAKER + "requestVolumeThreshold", "4",
                BREAKER + "delay", "3000");
    }
}

package com.oauthconfig.contracts.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Points a consumer's REST client (init argument {@code url-property}, e.g.
 * {@code quarkus.rest-client.config-service.url}) at a free port on which the consumer pact test
 * starts Pact's mock provider; the test reads the URL back from that property.
 */
public class PactMockPort implements QuarkusTestResourceLifecycleManager {

    public static final String URL_PROPERTY_ARG = "url-property";

    private String property;

    @Override
    public void init(Map<String, String> initArgs) {
        property = initArgs.get(URL_PROPERTY_ARG);
        if (property == null) {
            throw new IllegalArgumentException("PactMockPort needs init argument " + URL_PROPERTY_ARG);
        }
    }

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Map.of(property, "http://localhost:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // Each test's mock provider stops when its run ends.
    }
}

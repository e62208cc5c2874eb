package com.oauthconfig.localstack;

import com.oauthconfig.rig.KafkaBroker;
import com.oauthconfig.rig.OidcProvider;
import com.oauthconfig.rig.PostgresServer;
import com.oauthconfig.rig.RigResource;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Quarkus properties each service gets in the local stack: the same connection settings the
 * tests use (RigResource), plus its development key ring and the addresses of its peers.
 */
final class ServiceSettings {

    private ServiceSettings() {
    }

    static Map<String, String> of(String service, PostgresServer pg, KafkaBroker kafka, OidcProvider oidc,
                                  Map<String, String> keys, Function<String, String> urlOf) {
        Map<String, String> p = new HashMap<>(RigResource.properties(pg, kafka, oidc, service.replace('-', '_')));
        switch (service) {
            case LocalStack.CONFIG -> {
                p.put("config-service.crypto.active-key-id", "local");
                p.put("config-service.crypto.keys.local", keys.get(service));
                p.put("config-service.allow-private-endpoints", "true");
                p.put("quarkus.rest-client.alias-service.url", urlOf.apply(LocalStack.ALIAS));
            }
            case LocalStack.TOKEN -> {
                p.put("token-service.crypto.active-key-id", "local");
                p.put("token-service.crypto.keys.local", keys.get(service));
                p.put("quarkus.rest-client.config-service.url", urlOf.apply(LocalStack.CONFIG));
                p.put("quarkus.rest-client.alias-service.url", urlOf.apply(LocalStack.ALIAS));
            }
            case LocalStack.ALIAS -> p.put("quarkus.rest-client.config-service.url", urlOf.apply(LocalStack.CONFIG));
            default -> throw new IllegalArgumentException(service);
        }
        return p;
    }
}

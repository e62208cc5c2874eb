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
                                  Map<String, String> keys, Function<String, String> urlOf, String traceCollector) {
        Map<String, String> p = new HashMap<>(RigResource.properties(pg, kafka, oidc, service.replace('-', '_')));
        // The dev OIDC provider accepts any client secret; production reads SERVICE_CLIENT_SECRET and has no default.
        set(p, "quarkus.oidc-client.credentials.secret", "local-stack-only");
        // The service's client-credentials client reads the provider's discovery document while it
        // starts and fails the start after this long (default 10 s): a laptop that is still busy
        // building, or a loaded CI machine, needs longer than that.
        set(p, "quarkus.oidc-client.connection-timeout", "60S");
        // The dev OIDC provider's staff organisation: SUPPORT counts only in its tokens.
        set(p, "platform-auth.staff-org-id", OidcProvider.STAFF_ORG);
        // Human-readable logs on this machine. Traces go to the launcher's collector (OTLP/HTTP, written to
        // <data>/traces/spans.jsonl) unless a person names their own collector in OTEL_EXPORTER_OTLP_ENDPOINT.
        set(p, "quarkus.log.console.json.enabled", "false");
        boolean ownCollector = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != null;
        set(p, "quarkus.otel.sdk.disabled", String.valueOf(traceCollector == null && !ownCollector));
        if (traceCollector != null && !ownCollector) {
            set(p, "quarkus.otel.exporter.otlp.endpoint", traceCollector);
            set(p, "quarkus.otel.exporter.otlp.protocol", "http/protobuf");
            // Spans reach the file within a second, so a person (or a test) can look a request up right after it.
            set(p, "quarkus.otel.bsp.schedule.delay", "1S");
        }
        switch (service) {
            case LocalStack.CONFIG -> {
                set(p, "config-service.crypto.active-key-id", "local");
                set(p, "config-service.crypto.keys.local", keys.get(service));
                set(p, "config-service.allow-private-endpoints", "true");
                set(p, "quarkus.rest-client.credential-alias-service.url", urlOf.apply(LocalStack.ALIAS));
                set(p, "quarkus.rest-client.token-service.url", urlOf.apply(LocalStack.TOKEN));
            }
            case LocalStack.TOKEN -> {
                set(p, "token-service.crypto.active-key-id", "primary");
                set(p, "token-service.crypto.keys.primary", keys.get(service));
                // The dev OIDC provider and the apps' test upstreams live on this machine, over plain HTTP.
                set(p, "token-service.provider.allow-http", "true");
                set(p, "token-service.provider.allow-private-addresses", "true");
                set(p, "token-service.allow-private-targets", "true");
                set(p, "token-service.allow-http-targets", "true");
                set(p, "quarkus.rest-client.config-service.url", urlOf.apply(LocalStack.CONFIG));
                set(p, "quarkus.rest-client.credential-alias-service.url", urlOf.apply(LocalStack.ALIAS));
            }
            case LocalStack.ALIAS -> set(p, "quarkus.rest-client.config-service.url", urlOf.apply(LocalStack.CONFIG));
            default -> throw new IllegalArgumentException(service);
        }
        return p;
    }

    /**
     * Sets the property for the running (prod) profile too: a {@code %prod.} entry in the
     * service's application.properties would otherwise win over a plain system property.
     */
    static void set(Map<String, String> p, String key, String value) {
        p.put(key, value);
        p.put("%prod." + key, value);
    }
}

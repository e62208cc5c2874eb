package com.oauthconfig.deploy.kubernetes;

import java.util.Map;
import java.util.Set;

/** What the manifests must describe: the services, their ports and the secrets created outside the repository. */
final class Platform {

    /** Service → HTTP port (the services' application.properties defaults). */
    static final Map<String, Integer> SERVICES = Map.of(
            "config-service", 8081,
            "token-service", 8082,
            "credential-alias-service", 8083);

    /** The web console: no database, no Kafka; it calls the three services with the signed-in person's token. */
    static final String CONSOLE = "console";
    static final int CONSOLE_PORT = 8084;

    /** The HTTPS port of a Deployment: a service's API port or the console's. */
    static int port(String deployment) {
        return deployment.equals(CONSOLE) ? CONSOLE_PORT : SERVICES.get(deployment);
    }

    /** The Quarkus management interface of every service: health, metrics, OpenAPI. */
    static final int MANAGEMENT_PORT = 9000;

    static final String KAFKA = "oauth-kafka";

    /**
     * Secrets an operator creates outside the repository (deploy/README.md, "Secrets"); every
     * other referenced secret must be one an operator generates (CloudNativePG, Strimzi).
     */
    static final Set<String> EXTERNAL_SECRETS = Set.of(
            "config-service-oidc-client", "token-service-oidc-client", "credential-alias-service-oidc-client",
            "config-service-key-ring", "token-service-key-ring", "console-oidc-client", "console-session");

    /** Name fragments that mark a value as secret: such values may never be literals or ConfigMap entries. */
    static final String SECRET_NAME = "(?i)(.*_)?(SECRET|PASSWORD|PASSWD|JAAS|CREDENTIALS|PRIVATE|KEY|KEYS|KEK|TOKEN)(_.*)?";

    private Platform() {
    }
}

package com.oauthconfig.localstack;

import com.oauthconfig.rig.OidcProvider;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Quarkus properties of the local web console: the dev OIDC provider as the platform identity
 * provider (its login page asks who you are: {@code prompt=login}, also when a member signs in to
 * a configuration), the services' addresses, HTTPS
 * with the local certificate, and a session key kept with the data.
 */
final class ConsoleLaunchSettings {

    private ConsoleLaunchSettings() {
    }

    static Map<String, String> of(OidcProvider oidc, String sessionKey, String csrfKey, Path keystore, Function<String, String> urlOf) {
        Map<String, String> p = new HashMap<>();
        set(p, "quarkus.oidc.auth-server-url", oidc.platformIssuer());
        set(p, "quarkus.oidc.credentials.secret", "local-stack-only");
        set(p, "quarkus.oidc.token-state-manager.encryption-secret", sessionKey);
        set(p, "quarkus.rest-csrf.token-signature-key", csrfKey);
        // The dev provider shows its login form (user name and claims) instead of signing in a default user.
        set(p, "quarkus.oidc.authentication.extra-params.prompt", "login");
        // Members' sign-ins at the configurations' (dev) providers show the login form too.
        set(p, "console.sign-in-prompt", "login");
        set(p, "quarkus.oidc.authentication.cookie-force-secure", "true");
        set(p, "console.config-service-url", urlOf.apply(LocalStack.CONFIG));
        set(p, "console.token-service-url", urlOf.apply(LocalStack.TOKEN));
        set(p, "console.credential-alias-service-url", urlOf.apply(LocalStack.ALIAS));
        // Members' sign-ins post to the console, which sends the browser on to the dev provider (plain http on localhost).
        set(p, "console.csp.form-targets", "'self' https: " + oidc.baseUrl());
        set(p, "quarkus.tls.console.key-store.p12.path", keystore.toString());
        set(p, "quarkus.tls.console.key-store.p12.password", ConsoleCertificate.PASSWORD);
        // A named configuration for the API port only: health stays plain HTTP on the management port.
        set(p, "quarkus.http.tls-configuration-name", "console");
        set(p, "quarkus.http.insecure-requests", "disabled");
        return p;
    }

    /** Also for the running (prod) profile, which a {@code %prod.} entry would otherwise decide. */
    private static void set(Map<String, String> p, String key, String value) {
        p.put(key, value);
        p.put("%prod." + key, value);
    }
}

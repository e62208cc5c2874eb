package com.oauthconfig.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The console's settings: where the services are and how it talks to them. */
@ConfigMapping(prefix = "console")
public interface ConsoleSettings {

    /** Base URL of the config-service's API. */
    @WithDefault("http://localhost:8081")
    String configServiceUrl();

    /** Base URL of the token-service's API. */
    @WithDefault("http://localhost:8082")
    String tokenServiceUrl();

    /** Base URL of the credential-alias-service's API. */
    @WithDefault("http://localhost:8083")
    String credentialAliasServiceUrl();

    /**
     * The console's own sign-in return address (registered as a redirect URL of the configurations
     * members sign in to); unset, it is derived from the request: {@code <scheme>://<host>/sign-in/callback}.
     */
    Optional<String> signInRedirectUrl();

    /**
     * The OpenID {@code prompt} a member's sign-in asks the configuration's provider for
     * ({@code login}, {@code select_account}, {@code consent}); unset, none, and a provider that
     * still has the person signed in answers at once. The local stack sets {@code login}, so its
     * dev provider shows its form.
     */
    Optional<String> signInPrompt();

    /** Bound of each call to a service (connect and answer). */
    @WithDefault("10s")
    Duration callTimeout();

    /** Rows per page in lists. */
    @WithDefault("20")
    int pageSize();

    /** Content-Security-Policy parts (the header itself is set in application.properties). */
    Csp csp();

    interface Csp {
        /** Where forms may post and be redirected: the console, and the identity providers members sign in at. */
        String formTargets();
    }

    /** Where admins ask for another registered domain. */
    @WithDefault("support@jigx.com")
    String supportEmail();
}

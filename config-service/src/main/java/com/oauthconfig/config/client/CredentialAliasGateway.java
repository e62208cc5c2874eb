package com.oauthconfig.config.client;

import com.oauthconfig.common.security.ServiceTokens;
import com.oauthconfig.contracts.alias.AliasReferencePage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;


/**
 * Asks the credential-alias-service where a config is referenced, with a bounded budget: a
 * timeout per attempt, two retries with jittered backoff, and a circuit breaker so a dead
 * dependency fails fast. Callers turn any failure into a 503 naming the dependency.
 */
@ApplicationScoped
public class CredentialAliasGateway {

    public static final String DEPENDENCY = "credential-alias-service";
    /** References listed in a 409; the total is always reported. */
    public static final int PAGE_SIZE = 100;

    private final AliasReferencesClient client;
    private final ServiceTokens tokens;

    public CredentialAliasGateway(@RestClient AliasReferencesClient client, ServiceTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Timeout
    @Retry
    @ExponentialBackoff
    @CircuitBreaker
    public Uni<AliasReferencePage> references(String orgId, String configId) {
        return tokens.bearer()
                .chain(auth -> client.references(orgId, configId, 0, PAGE_SIZE, auth));
    }
}

package com.oauthconfig.config.client;

import com.oauthconfig.contracts.token.DirectUses;

import com.oauthconfig.common.security.ServiceTokens;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;

/**
 * Asks the token-service which solutions used a config directly (by title) recently, with the budget
 * every peer call shares (common's quarkus.fault-tolerance.global.*).
 * Callers turn any failure into a 503 naming the dependency.
 */
@ApplicationScoped
public class TokenServiceGateway {

    public static final String DEPENDENCY = "token-service";

    private final TokenUsageClient client;
    private final ServiceTokens tokens;

    public TokenServiceGateway(@RestClient TokenUsageClient client, ServiceTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Timeout
    @Retry
    @ExponentialBackoff
    @CircuitBreaker
    public Uni<DirectUses> directUses(String orgId, String configId, Instant since) {
        return tokens.bearer().chain(auth -> client.usage(orgId, configId, since.toString(), auth));
    }
}

package com.oauthconfig.alias.client;

import com.oauthconfig.common.security.ServiceTokens;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Asks the config-service whether a configuration exists in an organisation. Timeout, bounded
 * retry with backoff and a circuit breaker keep a slow or dead config-service from piling up
 * requests here; a definite "not found" is an answer, so it is neither retried nor counted as failure.
 */
@ApplicationScoped
public class ConfigServiceClient {

    private final ConfigServiceApi api;
    private final ServiceTokens tokens;

    public ConfigServiceClient(@RestClient ConfigServiceApi api, ServiceTokens tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    /**
     * The configuration when it exists in {@code orgId}; empty when it does not (or belongs to
     * another organisation — the config-service answers both alike). Fails when the config-service
     * cannot answer. The config-service gives this service no client secret (it is not one of its
     * secret readers); nothing here keeps the answer beyond the check.
     */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = ConfigNotFoundException.class)
    @ExponentialBackoff(maxDelay = 1000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = ConfigNotFoundException.class)
    public Uni<Optional<InternalOAuthConfig>> find(String orgId, UUID configId) {
        return tokens.bearer()
                .flatMap(bearer -> api.find(bearer, orgId, configId.toString()))
                .onFailure(e -> e instanceof ConfigServiceException c && c.getMessage().endsWith(" 401"))
                .invoke(e -> tokens.invalidate())
                .map(view -> view != null && orgId.equals(view.orgId()) && configId.equals(view.id())
                        ? Optional.of(view) : Optional.<InternalOAuthConfig>empty())
                .onFailure(ConfigNotFoundException.class).recoverWithItem(Optional.empty());
    }
}

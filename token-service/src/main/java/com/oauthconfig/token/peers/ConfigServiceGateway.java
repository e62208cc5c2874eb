package com.oauthconfig.token.peers;

import com.oauthconfig.common.security.ServiceTokens;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.Optional;

/**
 * Guarded reads of the config-service: timeout, bounded retries with backoff and a circuit
 * breaker. A 404 is an answer (the config is gone), not a failure, so it is never retried.
 */
@ApplicationScoped
public class ConfigServiceGateway {

    private final ConfigServiceClient client;
    private final ServiceTokens serviceTokens;

    public ConfigServiceGateway(@RestClient ConfigServiceClient client, ServiceTokens serviceTokens) {
        this.client = client;
        this.serviceTokens = serviceTokens;
    }

    @Timeout
    @Retry(abortOn = ConfigServiceRefusedException.class)
    @ExponentialBackoff
    @CircuitBreaker(skipOn = ConfigServiceRefusedException.class)
    public Uni<Optional<InternalOAuthConfig>> fetch(String orgId, String configId) {
        return answer(serviceTokens.bearer().chain(bearer -> client.get(orgId, configId, bearer)));
    }

    /** The config titled {@code title} in the organisation (the reference REST functions use). */
    @Timeout
    @Retry(abortOn = ConfigServiceRefusedException.class)
    @ExponentialBackoff
    @CircuitBreaker(skipOn = ConfigServiceRefusedException.class)
    public Uni<Optional<InternalOAuthConfig>> fetchByTitle(String orgId, String title) {
        return answer(serviceTokens.bearer().chain(bearer -> client.byTitle(orgId, title, bearer)));
    }

    /** The config as it was before change {@code version} (the provider that issued retired tokens); empty when gone. */
    @Timeout
    @Retry(abortOn = ConfigServiceRefusedException.class)
    @ExponentialBackoff
    @CircuitBreaker(skipOn = ConfigServiceRefusedException.class)
    public Uni<Optional<InternalOAuthConfig>> fetchRetired(String orgId, String configId, long version) {
        return answer(serviceTokens.bearer().chain(bearer -> client.retired(orgId, configId, version, bearer)));
    }

    private static Uni<Optional<InternalOAuthConfig>> answer(Uni<InternalOAuthConfig> call) {
        return call.map(Optional::ofNullable)
                .onFailure(WebApplicationException.class).recoverWithUni(e -> {
                    int status = ((WebApplicationException) e).getResponse().getStatus();
                    if (status == 404) {
                        return Uni.createFrom().item(Optional.empty());
                    }
                    if (status == 401 || status == 403) {
                        return Uni.createFrom().failure(new ConfigServiceRefusedException(status));
                    }
                    return Uni.createFrom().failure(new ConfigServiceUnavailableException("config-service answered " + status));
                });
    }

    /** The config-service refused our service token: retrying cannot help. */
    public static class ConfigServiceRefusedException extends ConfigServiceUnavailableException {
        public ConfigServiceRefusedException(int status) {
            super("config-service refused the token-service's service token (" + status + ")");
        }
    }

    /** The config-service could not answer; the message names the dependency only. */
    public static class ConfigServiceUnavailableException extends RuntimeException {
        public ConfigServiceUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}

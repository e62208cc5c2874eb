package com.oauthconfig.token.peers;

import com.oauthconfig.common.security.ServiceTokens;
import com.oauthconfig.contracts.alias.AliasResolution;
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
 * Guarded resolution of solution credentials at the credential-alias-service: service token,
 * timeout, bounded retries with backoff, circuit breaker. 404 (no such credential) is an answer.
 */
@ApplicationScoped
public class AliasServiceGateway {

    private final AliasServiceClient client;
    private final ServiceTokens serviceTokens;

    public AliasServiceGateway(@RestClient AliasServiceClient client, ServiceTokens serviceTokens) {
        this.client = client;
        this.serviceTokens = serviceTokens;
    }

    @Timeout
    @Retry(abortOn = AliasServiceRefusedException.class)
    @ExponentialBackoff
    @CircuitBreaker(skipOn = AliasServiceRefusedException.class)
    /**
     * The resolution, or empty when the solution has no credential of that name. An open breaker
     * or a timeout surfaces as the fault-tolerance exception (callers outside this bean see it;
     * interceptors do not apply to calls within it).
     */
    public Uni<Optional<AliasResolution>> resolve(String orgId, String solutionId, String name) {
        return serviceTokens.bearer()
                .chain(bearer -> client.resolve(orgId, solutionId, name, bearer))
                .map(Optional::ofNullable)
                .onFailure(WebApplicationException.class).recoverWithUni(e -> {
                    int status = ((WebApplicationException) e).getResponse().getStatus();
                    if (status == 404) {
                        return Uni.createFrom().item(Optional.empty());
                    }
                    if (status == 400 || status == 401 || status == 403) {
                        return Uni.createFrom().failure(new AliasServiceRefusedException(status));
                    }
                    return Uni.createFrom().failure(new AliasServiceUnavailableException("credential-alias-service answered " + status));
                })
                .onFailure(f -> !(f instanceof AliasServiceUnavailableException))
                .transform(f -> new AliasServiceUnavailableException("credential-alias-service unreachable (" + f.getClass().getSimpleName() + ")"));
    }

    /** The alias service refused our call (token, input): retrying cannot help. */
    public static class AliasServiceRefusedException extends AliasServiceUnavailableException {
        public AliasServiceRefusedException(int status) {
            super("credential-alias-service refused the call (" + status + ")");
        }
    }

    /** The alias service could not answer; the message names the dependency only. */
    public static class AliasServiceUnavailableException extends RuntimeException {
        public AliasServiceUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}

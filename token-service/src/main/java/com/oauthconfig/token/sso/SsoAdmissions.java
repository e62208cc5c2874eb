package com.oauthconfig.token.sso;

import com.oauthconfig.contracts.config.SsoAdmissionAnswer;
import com.oauthconfig.contracts.config.SsoAdmissionQuestion;
import com.oauthconfig.common.security.ServiceTokens;
import com.oauthconfig.token.peers.ConfigServiceGateway.ConfigServiceRefusedException;
import com.oauthconfig.token.peers.ConfigServiceGateway.ConfigServiceUnavailableException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Guarded SSO questions to the config-service, with the same bounds as its config reads: timeout,
 * bounded retries with backoff, a circuit breaker; 404 is an answer (no such config), never retried.
 */
@ApplicationScoped
public class SsoAdmissions {

    private final SsoAdmissionClient client;
    private final ServiceTokens serviceTokens;

    public SsoAdmissions(@RestClient SsoAdmissionClient client, ServiceTokens serviceTokens) {
        this.client = client;
        this.serviceTokens = serviceTokens;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, abortOn = {ConfigServiceRefusedException.class, SsoQuestionRefusedException.class})
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            skipOn = {ConfigServiceRefusedException.class, SsoQuestionRefusedException.class})
    public Uni<Optional<SsoAdmissionAnswer>> ask(String orgId, String configId, String email) {
        return serviceTokens.bearer()
                .chain(bearer -> client.ask(orgId, new SsoAdmissionQuestion(configId, email), bearer))
                .map(Optional::ofNullable)
                .onFailure(WebApplicationException.class).recoverWithUni(e -> {
                    int status = ((WebApplicationException) e).getResponse().getStatus();
                    if (status == 404) {
                        return Uni.createFrom().item(Optional.empty());
                    }
                    if (status == 400) {
                        // The config-service could not read the e-mail as an address: an answer, not an outage.
                        return Uni.createFrom().failure(new SsoQuestionRefusedException());
                    }
                    if (status == 401 || status == 403) {
                        return Uni.createFrom().failure(new ConfigServiceRefusedException(status));
                    }
                    return Uni.createFrom().failure(new ConfigServiceUnavailableException("config-service answered " + status));
                });
    }

    /** The config-service found the e-mail unusable as an address. */
    public static class SsoQuestionRefusedException extends RuntimeException {
        public SsoQuestionRefusedException() {
            super("the config-service refused the e-mail address", null, false, false);
        }
    }
}

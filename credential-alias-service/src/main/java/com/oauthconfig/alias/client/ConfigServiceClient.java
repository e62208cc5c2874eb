package com.oauthconfig.alias.client;

import com.oauthconfig.common.security.ServiceTokens;
import com.oauthconfig.contracts.config.ConfigExistenceAnswer;
import com.oauthconfig.contracts.config.ConfigExistenceQuestion;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Asks the config-service whether a configuration exists in an organisation. Timeout, bounded
 * retry with backoff and a circuit breaker keep a slow or dead config-service from piling up
 * requests here; a definite "not found" is an answer, so it is neither retried nor counted as failure.
 */
@ApplicationScoped
public class ConfigServiceClient {

    private final ConfigServiceApi api;
    private final ConfigExistenceApi existenceApi;
    private final ServiceTokens tokens;

    public ConfigServiceClient(@RestClient ConfigServiceApi api, @RestClient ConfigExistenceApi existenceApi, ServiceTokens tokens) {
        this.api = api;
        this.existenceApi = existenceApi;
        this.tokens = tokens;
    }

    /**
     * The configuration when it exists in {@code orgId}; empty when it does not (or belongs to
     * another organisation — the config-service answers both alike). Fails when the config-service
     * cannot answer. The config-service gives this service no client secret (it is not one of its
     * secret readers); nothing here keeps the answer beyond the check.
     */
    @Timeout
    @Retry(abortOn = ConfigNotFoundException.class)
    @ExponentialBackoff
    @CircuitBreaker(skipOn = ConfigNotFoundException.class)
    public Uni<Optional<InternalOAuthConfig>> find(String orgId, UUID configId) {
        return tokens.bearer()
                .flatMap(bearer -> api.find(bearer, orgId, configId.toString()))
                .onFailure(e -> e instanceof ConfigServiceException c && c.getMessage().endsWith(" 401"))
                .invoke(e -> tokens.invalidate())
                .map(view -> view != null && orgId.equals(view.orgId()) && configId.equals(view.id())
                        ? Optional.of(view) : Optional.<InternalOAuthConfig>empty())
                .onFailure(ConfigNotFoundException.class).recoverWithItem(Optional.empty());
    }

    /**
     * The ids of {@code configIds} the config-service says were removed from {@code orgId}. Only an
     * answer that is about exactly this question counts: it must echo the organisation and place
     * every asked id in exactly one of existing, removed and unknown. Anything else (an error
     * status, a 404 from whatever answers at a misrouted URL, another body) fails, and nothing is
     * concluded from it.
     */
    @Timeout
    @Retry
    @ExponentialBackoff
    @CircuitBreaker
    public Uni<Set<UUID>> removed(String orgId, Collection<UUID> configIds) {
        List<String> asked = configIds.stream().map(UUID::toString).toList();
        return tokens.bearer()
                .flatMap(bearer -> existenceApi.ask(bearer, orgId, new ConfigExistenceQuestion(asked)))
                .onFailure(e -> e instanceof ConfigServiceException c && c.getMessage().endsWith(" 401"))
                .invoke(e -> tokens.invalidate())
                .map(answer -> {
                    if (!answersExactly(answer, orgId, configIds)) {
                        throw new ConfigServiceException("config-service existence answer does not match the question");
                    }
                    return Set.copyOf(answer.removed());
                });
    }

    private static boolean answersExactly(ConfigExistenceAnswer answer, String orgId, Collection<UUID> asked) {
        if (answer == null || !orgId.equals(answer.orgId()) || answer.existing() == null || answer.removed() == null
                || answer.unknown() == null) {
            return false;
        }
        List<UUID> all = new ArrayList<>(answer.existing());
        all.addAll(answer.removed());
        all.addAll(answer.unknown());
        Set<UUID> expected = new HashSet<>(asked);
        return all.size() == expected.size() && expected.equals(new HashSet<>(all));
    }
}

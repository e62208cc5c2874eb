package com.oauthconfig.token.injection;

import com.oauthconfig.common.problem.DatabaseOutage;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.configevents.ConfigStateRepository;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.handout.FailureReason;
import com.oauthconfig.token.peers.AliasServiceGateway;
import com.oauthconfig.token.peers.ConfigServiceGateway;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.store.AccessTokenService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Instant;

/**
 * Turns a function's token reference into the user's access token. The reference is first a
 * config title of the organisation; when no config has that title and the call names a solution,
 * it is a solution credential (an OAuth alias) resolved by the credential-alias-service. Every
 * way of not getting a token ends in a {@link FunctionCallException} with its catalogue name.
 */
@ApplicationScoped
public class TokenReferenceResolver {

    /** A usable token and the config it belongs to (for the target rules). Never logged. */
    public record Resolved(String accessToken, Instant expiresAt, InternalOAuthConfig config) {
        @Override
        public String toString() {
            return "Resolved[" + config.id() + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** What the reference names: the config id, the title shown to the user and, once read, the config. */
    private record Target(String configId, String title, InternalOAuthConfig config) {
    }

    private final OAuthConfigCache configs;
    private final AliasServiceGateway aliases;
    private final ConfigStateRepository states;
    private final AccessTokenService tokens;
    private final TokenServiceConfig settings;
    private final DatabaseOutage database;

    public TokenReferenceResolver(OAuthConfigCache configs, AliasServiceGateway aliases, ConfigStateRepository states, AccessTokenService tokens,
                         TokenServiceConfig settings, DatabaseOutage database) {
        this.database = database;
        this.configs = configs;
        this.aliases = aliases;
        this.states = states;
        this.tokens = tokens;
        this.settings = settings;
    }

    /**
     * Reads the config once (by title, or by id after the alias resolution) and passes it down: the
     * token lookup, a refresh and the caller's target rules all use this copy.
     */
    public Uni<Resolved> resolve(String orgId, String userId, String solutionId, String reference) {
        return configs.findByTitle(orgId, reference)
                .chain(found -> found.isPresent()
                        ? Uni.createFrom().item(new Target(found.get().id().toString(), found.get().title(), found.get()))
                        : viaAlias(orgId, solutionId, reference))
                .chain(target -> tokens.accessTokenFor(target.config(), userId)
                        .chain(result -> result.isOk()
                                ? Uni.createFrom().item(new Resolved(result.accessToken(), result.expiresAt(), target.config()))
                                : Uni.createFrom().failure(failure(result, orgId, target))))
                .onFailure(ConfigServiceGateway.ConfigServiceUnavailableException.class)
                .transform(f -> FunctionCallException.of(FunctionError.DependencyUnavailableError,
                        "This service is temporarily unavailable. Please try again in a moment."))
                .onFailure(database::causedBy)
                .transform(f -> new FunctionCallException(FunctionError.DependencyUnavailableError, null,
                        "This service is temporarily unavailable. Please try again in a moment.", null, null,
                        DatabaseOutage.DEPENDENCY));
    }

    private Uni<Target> viaAlias(String orgId, String solutionId, String reference) {
        if (solutionId == null) {
            return notFound(orgId, reference);
        }
        return aliases.resolve(orgId, solutionId, reference)
                .onFailure(f -> f instanceof AliasServiceGateway.AliasServiceUnavailableException
                        || f instanceof CircuitBreakerOpenException || f instanceof TimeoutException)
                .transform(f -> FunctionCallException.of(FunctionError.DependencyUnavailableError,
                        "This service is temporarily unavailable. Please try again in a moment."))
                .chain(found -> {
                    if (found.isEmpty()) {
                        return notFound(orgId, reference);
                    }
                    if (found.get().broken() || found.get().oauthConfigId() == null) {
                        return Uni.createFrom().failure(missing(MissingSignIn.ALIAS_BROKEN, orgId, new Target(null, reference, null)));
                    }
                    String configId = found.get().oauthConfigId().toString();
                    return configs.find(orgId, configId).map(config -> config
                            .map(c -> new Target(configId, reference, c))
                            .orElseThrow(() -> missing(MissingSignIn.CONFIG_REMOVED, orgId, new Target(configId, reference, null))));
                });
    }

    /** Unknown reference, unless it is the title of a config this service saw removed. */
    private Uni<Target> notFound(String orgId, String reference) {
        return states.removedWithTitle(orgId, reference).chain(removed -> Uni.createFrom().failure(removed.isPresent()
                ? missing(MissingSignIn.CONFIG_REMOVED, orgId, new Target(removed.get().configId, reference, null))
                : FunctionCallException.of(FunctionError.TokenReferenceNotFoundError,
                "This connection is not set up in your organisation. Please contact your administrator.")));
    }

    private Throwable failure(AccessTokenResult result, String orgId, Target target) {
        FailureReason reason = result.reason();
        if (reason.needsSignIn()) {
            return missing(MissingSignIn.of(reason), orgId, target);
        }
        if (reason == FailureReason.PROVIDER_UNAVAILABLE) {
            // reason: how the provider failed (PROVIDER_TIMEOUT, PROVIDER_ERROR_STATUS, PROVIDER_BAD_RESPONSE…).
            return new FunctionCallException(FunctionError.ProviderUnavailableError, result.cause(),
                    "The sign-in service of this account is not responding. Please try again in a moment.", target.title(), null);
        }
        return FunctionCallException.of(FunctionError.DependencyUnavailableError,
                "This service is temporarily unavailable. Please try again in a moment.");
    }

    private FunctionCallException missing(MissingSignIn cause, String orgId, Target target) {
        String signInUrl = cause.canSignIn() && target.configId() != null ? signInUrl(orgId, target.configId()) : null;
        return new FunctionCallException(FunctionError.OAuthCredentialsMissingError, cause.name(), cause.message(),
                target.title(), signInUrl);
    }

    /** Where the app starts the sign-in again: this service's authorize endpoint (POST, the user's platform token). */
    public String signInUrl(String orgId, String configId) {
        String base = settings.injection().signInBaseUrl().orElse("");
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/api/orgs/" + orgId + "/oauth-configs/" + configId + "/authorize";
    }
}

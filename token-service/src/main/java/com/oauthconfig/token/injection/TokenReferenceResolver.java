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
import com.oauthconfig.token.provider.ClientCredentialsService;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.store.SignInDenials;
import com.oauthconfig.token.usage.ConfigUsage;
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
    private final SignInDenials denials;
    private final ClientCredentialsService clientCredentials;
    private final ConfigUsage usage;

    public TokenReferenceResolver(OAuthConfigCache configs, AliasServiceGateway aliases, ConfigStateRepository states, AccessTokenService tokens,
                         TokenServiceConfig settings, DatabaseOutage database, SignInDenials denials,
                         ClientCredentialsService clientCredentials, ConfigUsage usage) {
        this.clientCredentials = clientCredentials;
        this.usage = usage;
        this.database = database;
        this.denials = denials;
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
    public Uni<Resolved> resolve(String orgId, String userId, String solutionId, String reference, Grant grant) {
        return configs.findByTitle(orgId, reference)
                .chain(found -> found.isPresent()
                        ? Uni.createFrom().item(used(orgId, solutionId, new Target(found.get().id().toString(), found.get().title(), found.get())))
                        : viaAlias(orgId, solutionId, reference))
                .chain(target -> (grant == Grant.CLIENT_CREDENTIALS ? machineToken(target.config())
                        : tokens.accessTokenFor(target.config(), userId))
                        .chain(result -> result.isOk()
                                ? Uni.createFrom().item(new Resolved(result.accessToken(), result.expiresAt(), target.config()))
                                : failure(result, orgId, userId, solutionId, target)))
                .onFailure(ConfigServiceGateway.ConfigServiceUnavailableException.class)
                .transform(f -> FunctionCallException.of(FunctionError.DependencyUnavailableError,
                        "This service is temporarily unavailable. Please try again in a moment."))
                .onFailure(database::causedBy)
                .transform(f -> new FunctionCallException(FunctionError.DependencyUnavailableError, null,
                        "This service is temporarily unavailable. Please try again in a moment.", null, null,
                        DatabaseOutage.DEPENDENCY));
    }

    /**
     * The organisation's app-only token (client credentials) carries the app's own permissions, not
     * a user's, so it goes only where an administrator said: a config without {@code apiHosts} has
     * no app-only access, and nothing is asked of the provider.
     */
    private Uni<AccessTokenResult> machineToken(InternalOAuthConfig config) {
        if (config.apiHosts().isEmpty()) {
            return Uni.createFrom().failure(FunctionCallException.of(FunctionError.FunctionNotAllowedError,
                    "App-only access is not enabled for this account: an administrator must list the API hosts its token may be sent to."));
        }
        return clientCredentials.tokenFor(config);
    }

    /**
     * A function named this config's title directly: counted for the Home Hub and the removal check
     * (uses through an alias are known from the alias itself), whether or not a token can be had.
     */
    private Target used(String orgId, String solutionId, Target target) {
        usage.record(orgId, target.configId(), solutionId);
        return target;
    }

    private Uni<Target> viaAlias(String orgId, String solutionId, String reference) {
        if (solutionId == null) {
            return notFound(orgId, null, reference);
        }
        return aliases.resolve(orgId, solutionId, reference)
                .onFailure(f -> f instanceof AliasServiceGateway.AliasServiceUnavailableException
                        || f instanceof CircuitBreakerOpenException || f instanceof TimeoutException)
                .transform(f -> FunctionCallException.of(FunctionError.DependencyUnavailableError,
                        "This service is temporarily unavailable. Please try again in a moment."))
                .chain(found -> {
                    if (found.isEmpty()) {
                        return notFound(orgId, solutionId, reference);
                    }
                    if (found.get().broken() || found.get().oauthConfigId() == null) {
                        return Uni.createFrom().failure(missing(MissingSignIn.ALIAS_BROKEN, orgId, solutionId,
                                new Target(null, reference, null), null));
                    }
                    String configId = found.get().oauthConfigId().toString();
                    return configs.find(orgId, configId).map(config -> config
                            .map(c -> new Target(configId, reference, c))
                            .orElseThrow(() -> missing(MissingSignIn.CONFIG_REMOVED, orgId, solutionId,
                                    new Target(configId, reference, null), null)));
                });
    }

    /** Unknown reference, unless it is the title of a config this service saw removed. */
    private Uni<Target> notFound(String orgId, String solutionId, String reference) {
        return states.removedWithTitle(orgId, reference).chain(removed -> Uni.createFrom().failure(removed.isPresent()
                ? missing(MissingSignIn.CONFIG_REMOVED, orgId, solutionId, new Target(removed.get().configId, reference, null), null)
                : FunctionCallException.of(FunctionError.TokenReferenceNotFoundError,
                "This connection is not set up in your organisation. Please contact your administrator.")));
    }

    /**
     * No token: a sign-in the user can give (with SIGN_IN_DENIED instead when the last one was declined at
     * the provider: a row read only on this path), the provider failing, or a dependency failing.
     */
    private Uni<Resolved> failure(AccessTokenResult result, String orgId, String userId, String solutionId, Target target) {
        FailureReason reason = result.reason();
        if (reason.needsSignIn() && reason != FailureReason.CONFIG_REMOVED && reason != FailureReason.CLIENT_REFUSED) {
            return denials.find(orgId, target.configId(), userId).chain(denial -> Uni.createFrom().failure(denial
                    .map(d -> missing(MissingSignIn.SIGN_IN_DENIED, orgId, solutionId, target, d.providerError()))
                    .orElseGet(() -> missing(MissingSignIn.of(reason), orgId, solutionId, target, null))));
        }
        if (reason.needsSignIn()) {
            return Uni.createFrom().failure(missing(MissingSignIn.of(reason), orgId, solutionId, target, null));
        }
        if (reason == FailureReason.PROVIDER_UNAVAILABLE) {
            // reason: how the provider failed (PROVIDER_TIMEOUT, PROVIDER_ERROR_STATUS, PROVIDER_BAD_RESPONSE…).
            return Uni.createFrom().failure(new FunctionCallException(FunctionError.ProviderUnavailableError, result.cause(),
                    "The sign-in service of this account is not responding. Please try again in a moment.", target.title(), null));
        }
        return Uni.createFrom().failure(FunctionCallException.of(FunctionError.DependencyUnavailableError,
                "This service is temporarily unavailable. Please try again in a moment."));
    }

    private FunctionCallException missing(MissingSignIn cause, String orgId, String solutionId, Target target, String providerError) {
        String signInUrl = cause.canSignIn() && target.configId() != null ? signInUrl(orgId, target.configId()) : null;
        InternalOAuthConfig c = target.config();
        return new FunctionCallException(FunctionError.OAuthCredentialsMissingError, cause.name(), cause.message(),
                target.title(), signInUrl, null, new FunctionCallException.Connection(c == null ? null : c.name(),
                c == null ? null : c.imageUrl(), solutionId, providerError));
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

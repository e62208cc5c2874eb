package com.oauthconfig.token.signin;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.signin.LoginHintTemplate;
import com.oauthconfig.token.peers.Consent;
import com.oauthconfig.contracts.config.ProviderType;
import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.problem.ProblemType;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.provider.IdTokenValidator;
import com.oauthconfig.token.provider.ProviderException;
import com.oauthconfig.token.provider.ProviderTokenClient;
import com.oauthconfig.token.provider.ProviderTokenResponse;
import com.oauthconfig.token.provider.TokenExpiry;
import com.oauthconfig.token.store.Hashes;
import com.oauthconfig.token.store.SignInDenials;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.token.store.TokenStore;
import io.quarkus.scheduler.Scheduled;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The authorization code flow with PKCE (S256), state and nonce: starting a sign-in (the provider
 * URL) and completing it (the callback), following RFC 9700's mix-up and replay defences.
 */
@ApplicationScoped
public class SignInService {

    private static final Logger LOG = Logger.getLogger(SignInService.class);

    public static final ProblemType SIGN_IN_REJECTED = new ProblemType("sign-in-rejected", 400,
            "The sign-in could not be completed");
    /** A sign-in started before the config's issuer, client, scopes or audience changed: its consent is no longer the config's. */
    public static final ProblemType SIGN_IN_OUTDATED = new ProblemType("sign-in-outdated", 409,
            "The configuration changed after this sign-in started");
    private static final Set<String> PROMPTS = Set.of("login", "consent", "select_account", "none");

    /** Where to send the user, and until when the transaction can be completed. */
    public record Start(String authorizationUrl, Instant expiresAt) {
    }

    /** The outcome of a completed sign-in; no token is ever part of it. */
    public record Completed(String orgId, String configId, String title, Instant accessExpiresAt, String scopes,
                            boolean refreshTokenIssued) {
    }

    private final OAuthConfigCache configs;
    private final DiscoveryService discovery;
    private final ProviderTokenClient provider;
    private final IdTokenValidator idTokens;
    private final AuthStateRepository states;
    private final TokenStore tokens;
    private final EnvelopeCipher cipher;
    private final TokenExpiry expiry;
    private final GrantRevocation revocation;
    private final TokenServiceConfig settings;
    private final SignInDenials denials;
    private final MeterRegistry meters;

    public SignInService(OAuthConfigCache configs, DiscoveryService discovery, ProviderTokenClient provider, IdTokenValidator idTokens,
                         AuthStateRepository states, TokenStore tokens, EnvelopeCipher cipher, TokenExpiry expiry,
                         GrantRevocation revocation, TokenServiceConfig settings, SignInDenials denials, MeterRegistry meters) {
        this.denials = denials;
        this.meters = meters;
        this.configs = configs;
        this.discovery = discovery;
        this.provider = provider;
        this.idTokens = idTokens;
        this.states = states;
        this.tokens = tokens;
        this.cipher = cipher;
        this.expiry = expiry;
        this.revocation = revocation;
        this.settings = settings;
    }

    /**
     * Starts a sign-in for the user. {@code claims} reads the user's platform token (claim name →
     * value), which fills the config's login-hint template; a hint the caller passes wins over it.
     */
    public Uni<Start> start(String orgId, String configId, String userId, String redirectUrl, String loginHint, String prompt,
                            Function<String, String> claims) {
        if (prompt != null && !PROMPTS.contains(prompt)) {
            throw Problems.invalid("prompt", "must be one of " + String.join(", ", PROMPTS.stream().sorted().toList()));
        }
        if (loginHint != null && (loginHint.length() > 256 || loginHint.chars().anyMatch(Character::isISOControl))) {
            throw Problems.invalid("loginHint", "must be at most 256 printable characters");
        }
        return currentConfig(orgId, configId).chain(config -> {
            String redirect = chooseRedirect(config, redirectUrl);
            return discovery.metadata(config)
                    .onFailure(ProviderException.class).transform(SignInService::providerProblem)
                    .chain(meta -> {
                        if (meta.authorizationEndpoint() == null || meta.tokenEndpoint() == null) {
                            throw new ProblemException(SIGN_IN_REJECTED,
                                    "the configuration has neither an issuer that can be discovered nor authorization and token endpoints");
                        }
                        if (!meta.supportsS256()) {
                            // PKCE with S256 is mandatory here (RFC 9700); a provider that says it only knows other
                            // methods would ignore or misapply the challenge, leaving the code unbound.
                            throw new ProblemException(SIGN_IN_REJECTED, "the identity provider does not support PKCE with S256 "
                                    + "(its code_challenge_methods_supported lacks S256); an administrator must fix the provider",
                                    List.of(), Map.of("finding", "PKCE_S256_UNSUPPORTED"));
                        }
                        String state = CodeFlowSecrets.random(32);
                        String verifier = CodeFlowSecrets.random(32);
                        String nonce = config.useNonce() ? CodeFlowSecrets.random(24) : null;
                        Instant expiresAt = Instant.now().plus(settings.tokens().stateTtl());
                        String scopes = scopes(config);
                        AuthState row = new AuthState(Hashes.sha256Hex(state), orgId, configId, userId,
                                cipher.seal(verifier, AuthState.verifierContext(orgId, configId, userId)), nonce,
                                DiscoveryService.expectedIssuer(config), meta.tokenEndpoint(), meta.jwksUri(),
                                meta.issParameterSupported(), redirect, scopes, config.version(),
                                Consent.fingerprint(config), expiresAt);
                        Map<String, String> q = CodeFlowSecrets.codeRequest(config.clientId(), redirect, scopes, state, verifier, nonce);
                        addProviderParameters(q, config, loginHint(config, loginHint, claims), prompt);
                        String url = CodeFlowSecrets.url(meta.authorizationEndpoint(), q);
                        return states.insertCapped(row, settings.signIn().maxPending())
                                .invoke(() -> count("started"))
                                .replaceWith(new Start(url, expiresAt));
                    });
        });
    }

    /**
     * The login_hint to send, only for a config that sets one: the caller's hint when given (what the
     * user just typed), else the config's template filled from the user's platform token; none when a
     * placeholder's claim is missing.
     */
    static String loginHint(InternalOAuthConfig config, String requested, Function<String, String> claims) {
        if (config.loginHint() == null || config.loginHint().isBlank()) {
            return null;
        }
        if (requested != null && !requested.isBlank()) {
            return requested;
        }
        return LoginHintTemplate.fill(config.loginHint(), claims).orElse(null);
    }

    /** Provider-specific parameters: the traps each real product sets for the unwary. */
    private static void addProviderParameters(Map<String, String> q, InternalOAuthConfig config, String loginHint, String prompt) {
        if (loginHint != null) {
            q.put("login_hint", loginHint);
            if (config.type() == ProviderType.GRAPH && loginHint.contains("@")) {
                // Entra skips the home-realm discovery page when it knows the user's domain.
                q.put("domain_hint", loginHint.substring(loginHint.indexOf('@') + 1));
            }
        }
        if (prompt != null) {
            q.put("prompt", prompt);
        }
        if (config.type() == ProviderType.AUTH0 && config.audience() != null && !config.audience().isBlank()) {
            // Without audience Auth0 issues an opaque token for its userinfo endpoint only.
            q.put("audience", config.audience());
        }
    }

    static String scopes(InternalOAuthConfig config) {
        List<String> scopes = config.scopes();
        return scopes.isEmpty() ? "openid" : String.join(" ", scopes);
    }

    private static String chooseRedirect(InternalOAuthConfig config, String requested) {
        List<String> allowed = config.redirectUrls();
        if (allowed.isEmpty()) {
            throw Problems.invalid("redirectUrls", "the configuration has no redirect URL");
        }
        if (requested == null) {
            return allowed.get(0);
        }
        if (!allowed.contains(requested)) {
            throw Problems.invalid("redirectUrl", "must be one of the configuration's redirect URLs");
        }
        return requested;
    }

    /**
     * Completes a sign-in. The state is taken (deleted) first, so whatever happens next it cannot
     * be replayed; then the caller, the {@code iss} parameter, the code exchange at the provider
     * that started the flow and the ID token are checked before anything is stored.
     */
    public Uni<Completed> complete(String callerOrg, String callerId, String code, String state, String iss,
                                   String error) {
        return Uni.createFrom().deferred(() -> completeOnce(callerOrg, callerId, code, state, iss, error))
                .invoke(() -> count("completed"))
                .onFailure().invoke(() -> count("failed"));
    }

    /**
     * Counter {@code token.signins} by {@code outcome}: started (a state stored), completed (tokens
     * stored), failed (any callback that stored nothing: unknown state, provider error, bad ID token…).
     */
    private void count(String outcome) {
        meters.counter("token.signins", "outcome", outcome).increment();
    }

    private Uni<Completed> completeOnce(String callerOrg, String callerId, String code, String state, String iss,
                                        String error) {
        if (state == null || state.isBlank() || state.length() > 512) {
            throw Problems.invalid("state", "is required");
        }
        return states.take(Hashes.sha256Hex(state)).chain(found -> {
            AuthState s = found.orElseThrow(() -> Problems.invalid("state", "is unknown, already used or expired"));
            if (s.expiresAt().isBefore(Instant.now())) {
                throw Problems.invalid("state", "is unknown, already used or expired");
            }
            if (!s.userId().equals(callerId) || !s.orgId().equals(callerOrg)) {
                // Bound to the user who started it: a stolen state cannot attach someone else's account.
                throw Problems.invalid("state", "was not issued to you");
            }
            if (error != null) {
                // The user declined, or the provider refused, at the provider: remembered until a sign-in completes,
                // so the apps say why rather than "not signed in".
                String code1 = error.matches("[a-z_]{1,64}") ? error : "unknown_error";
                return denials.record(s.orgId(), s.configId(), s.userId(), code1)
                        .chain(() -> Uni.createFrom().failure(new ProblemException(SIGN_IN_REJECTED,
                                "the identity provider reported " + code1, List.of(), Map.of("providerError", code1))));
            }
            if (code == null || code.isBlank() || code.length() > 4096) {
                throw Problems.invalid("code", "is required");
            }
            // RFC 9207: the response must come from the provider the flow was started with (mix-up defence).
            if (iss != null && !iss.equals(s.expectedIssuer())) {
                throw Problems.invalid("iss", "does not match the provider this sign-in was started with");
            }
            if (iss == null && s.issRequired()) {
                throw Problems.invalid("iss", "is required: the provider advertises it");
            }
            return currentConfig(s.orgId(), s.configId()).chain(config -> {
                if (!Consent.fingerprint(config).equals(s.consentFingerprint())) {
                    // Consent was asked for the old issuer, client, scopes or audience; a change that left those alone does not matter.
                    throw new ProblemException(SIGN_IN_OUTDATED, "the configuration's issuer, client, scopes or audience changed after "
                            + "this sign-in started (version " + s.configVersion() + ", now " + config.version()
                            + "); start the sign-in again", List.of(), Map.of("reason", "CONSENT_CHANGED"));
                }
                String verifier = cipher.open(s.verifierSealed(), AuthState.verifierContext(s.orgId(), s.configId(), s.userId()));
                Instant requestedAt = Instant.now();
                return provider.exchangeCode(config, s.tokenEndpoint(), code, s.redirectUri(), verifier)
                        .onFailure(ProviderException.class).transform(SignInService::providerProblem)
                        .chain(response -> identity(config, s, response)
                                .chain(identity -> store(config, s, response, identity, requestedAt)));
            });
        });
    }

    private Uni<IdTokenValidator.Identity> identity(InternalOAuthConfig config, AuthState s, ProviderTokenResponse response) {
        boolean openid = List.of(s.scopes().split(" ")).contains("openid");
        if (response.idToken() == null) {
            if (openid) {
                return Uni.createFrom().failure(new ProblemException(SIGN_IN_REJECTED,
                        "the provider returned no ID token for an openid sign-in"));
            }
            return Uni.createFrom().item(new IdTokenValidator.Identity(s.expectedIssuer(), null));
        }
        return idTokens.validate(response.idToken(), s.expectedIssuer(), config.clientId(), s.jwksUri(), s.nonce())
                .onFailure(IdTokenValidator.InvalidIdTokenException.class)
                .transform(f -> new ProblemException(SIGN_IN_REJECTED, f.getMessage()))
                .onFailure(ProviderException.class).transform(SignInService::providerProblem);
    }

    private Uni<Completed> store(InternalOAuthConfig config, AuthState s, ProviderTokenResponse response, IdTokenValidator.Identity identity,
                                 Instant obtainedAt) {
        String context = TokenRow.context(s.orgId(), s.configId(), s.userId());
        TokenRow row = new TokenRow(s.orgId(), s.configId(), s.userId(), TokenRow.TokenStatus.ACTIVE,
                cipher.seal(response.accessToken(), context),
                response.refreshToken() == null ? null : cipher.seal(response.refreshToken(), context),
                expiry.expiryOf(response, obtainedAt), obtainedAt,
                response.scope() != null ? response.scope() : s.scopes(), identity.subject(), identity.issuer(),
                config.version(), s.consentFingerprint(), null);
        return tokens.replace(row)
                .invoke(replaced -> replaced.ifPresent(previous -> retire(config, previous)))
                .call(() -> denials.clear(s.orgId(), s.configId(), s.userId()))
                .replaceWith(new Completed(s.orgId(), s.configId(), config.title(),
                        row.accessExpiresAt(), row.scopes(), response.refreshToken() != null));
    }

    /**
     * A new sign-in replaces the user's previous tokens; their grant would otherwise stay alive at
     * the provider until it expires on its own. Revoked after the new tokens are committed, without
     * holding up the sign-in; a failure is only logged (without any token).
     */
    private void retire(InternalOAuthConfig config, TokenRow previous) {
        Uni.createFrom().deferred(() -> revocation.revoke(config, previous)).subscribe().with(
                revoked -> LOG.debugf("replaced sign-in of %s/%s %s revoked at the provider: %s", previous.orgId(),
                        previous.configId(), Hashes.userRef(previous.userId()), revoked),
                failure -> LOG.warnf("revocation of the replaced sign-in of %s/%s %s failed (%s); the new sign-in stands",
                        previous.orgId(), previous.configId(), Hashes.userRef(previous.userId()), failureName(failure)));
    }

    private static String failureName(Throwable f) {
        return f instanceof ProviderException p ? p.reasonCode() : f.getClass().getSimpleName();
    }

    /**
     * The config as the config-service has it now, not a cached copy: a sign-in started right after
     * an admin's change must ask for the new scopes and record the new version (the change's event may
     * not have reached this replica yet), and its completion must judge it against the current consent.
     * Both are rare, interactive steps; the fresh copy also replaces this replica's cached ones.
     */
    private Uni<InternalOAuthConfig> currentConfig(String orgId, String configId) {
        return configs.reload(orgId, configId).map(c -> c.orElseThrow(() -> Problems.notFound("OAuth configuration")));
    }

    static ProblemException providerProblem(Throwable f) {
        ProviderException p = (ProviderException) f;
        if (p.transientFailure()) {
            // Named like the other dependencies, plus how it failed; nothing was stored, the user starts again.
            return new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, "the identity provider is unavailable ("
                    + p.reasonCode() + "); nothing was stored, start the sign-in again", List.of(),
                    Map.of("dependency", "identity-provider", "providerFailure", p.reasonCode()));
        }
        return new ProblemException(SIGN_IN_REJECTED, p.getMessage(), List.of(),
                p.oauthError() == null ? Map.of() : Map.of("providerError", p.oauthError()));
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepExpiredStates() {
        return states.deleteExpired().replaceWithVoid();
    }
}

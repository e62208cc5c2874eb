package com.oauthconfig.token.sso;

import com.oauthconfig.contracts.config.SsoAdmissionAnswer;
import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.problem.ProblemType;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.ProviderType;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.provider.IdTokenValidator;
import com.oauthconfig.token.provider.ProviderException;
import com.oauthconfig.token.provider.ProviderMetadata;
import com.oauthconfig.token.provider.ProviderTokenClient;
import com.oauthconfig.token.signin.CodeFlowSecrets;
import com.oauthconfig.token.sso.SsoRefusal.Reason;
import com.oauthconfig.token.store.Hashes;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Platform sign-in through an organisation's SSO configuration, for a user who has no platform
 * token yet: the authorization code flow with PKCE S256, state and nonce against the config's
 * provider, bound to the browser that started it, ending in a short-lived identity assertion
 * signed by this service for the platform identity provider (RFC 7523 / RFC 8693 subject token).
 * The provider's own tokens are used only to read the ID token and are never stored or passed on.
 */
// Created at start-up, so a bad setting stops the service instead of the first sign-in.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class SsoService {

    /** {@code email_verified_by} of an assertion: the ID token said {@code email_verified: true} (or GRAPH's {@code xms_edov}). */
    static final String VERIFIED_BY_PROVIDER = "provider";
    /** {@code email_verified_by} of an assertion: the config's {@code ssoEmailAuthoritative} vouched for the address. */
    static final String VERIFIED_BY_ORGANISATION = "organisation";

    private static final Logger LOG = Logger.getLogger(SsoService.class);
    /** Only who the user is: SSO never asks for API access, so no refresh token is issued and dropped. */
    static final String SCOPES = "openid email profile";
    private static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);
    private static final Duration MAX_STATE_TTL = Duration.ofMinutes(10);

    /** Where to send the browser, and the binding it must carry back. */
    public record Started(String authorizationUrl, String browserBinding, Instant expiresAt) {
    }

    /** The signed assertion and where the browser posts it; the assertion never goes into a URL. */
    public record Asserted(String assertion, String returnUrl, String relayState, String jti, Instant expiresAt) {
        @Override
        public String toString() {
            return "Asserted[jti=" + jti + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final OAuthConfigCache configs;
    private final DiscoveryService discovery;
    private final ProviderTokenClient provider;
    private final IdTokenValidator idTokens;
    private final SsoStateRepository states;
    private final SsoAdmissions admissions;
    private final AssertionKeys keys;
    private final EnvelopeCipher cipher;
    private final TokenServiceConfig.Sso settings;

    public SsoService(OAuthConfigCache configs, DiscoveryService discovery, ProviderTokenClient provider, IdTokenValidator idTokens,
                      SsoStateRepository states, SsoAdmissions admissions, AssertionKeys keys, EnvelopeCipher cipher,
                      TokenServiceConfig settings) {
        this.configs = configs;
        this.discovery = discovery;
        this.provider = provider;
        this.idTokens = idTokens;
        this.states = states;
        this.admissions = admissions;
        this.keys = keys;
        this.cipher = cipher;
        this.settings = settings.sso();
        if (this.settings.assertionLifetime().compareTo(MAX_ASSERTION_LIFETIME) > 0 || this.settings.stateTtl().compareTo(MAX_STATE_TTL) > 0) {
            throw new IllegalArgumentException("token-service.sso.assertion-lifetime must be at most 5 minutes and sso.state-ttl at most 10");
        }
    }

    /** Lifetime of the browser binding cookie: as long as the transactions it binds. */
    public Duration stateTtl() {
        return settings.stateTtl();
    }

    /**
     * Starts a sign-in for {@code email} through the config: checks the config is an SSO config of
     * the organisation that admits the e-mail's domain and redirects to this service's callback,
     * then stores the transaction and answers the provider URL. {@code browserBinding} is the
     * browser's binding cookie when it already has one (several tabs share it), else null.
     */
    public Uni<Started> start(String orgId, String configId, String email, String relayState, String browserBinding) {
        requireConfigured();
        if (orgId == null || orgId.isBlank() || orgId.length() > 256 || orgId.chars().anyMatch(Character::isISOControl)) {
            throw Problems.invalid("orgId", "is required (at most 256 printable characters)");
        }
        RequestParams.uuid("configId", configId);
        if (email == null || email.length() > 320 || email.indexOf('@') < 1 || email.chars().anyMatch(Character::isISOControl)) {
            throw Problems.invalid("email", "must be an e-mail address such as user@example.com");
        }
        // Required: a start anyone could link to would sign a victim's browser in as the linker (login CSRF);
        // the platform accepts the assertion only with the relay state its own login bound to the browser.
        if (relayState == null || !relayState.matches("[A-Za-z0-9._~-]{1,512}")) {
            throw Problems.invalid("relayState", "is required: 1-512 URL-safe characters (letters, digits, '.', '_', '~', '-') "
                    + "that the platform's login bound to this browser");
        }
        String binding = BrowserBinding.valid(browserBinding) ? browserBinding : BrowserBinding.create();
        return ssoConfig(orgId, configId).chain(config -> ask(orgId, configId, email).chain(admission -> {
            if (!admission.admitted()) {
                throw refusedDomain();
            }
            if (admission.version() != config.version()) {
                throw configChanged();
            }
            String callback = settings.callbackUrl().orElseThrow();
            if (!config.redirectUrls().contains(callback)) {
                throw SsoRefusal.of(Reason.CALLBACK_NOT_REGISTERED, "this configuration is not set up for signing in to the platform: "
                        + "an administrator must add " + callback + " to its redirect URLs (and at the provider)");
            }
            return discovery.metadata(config).onFailure(ProviderException.class).transform(SsoService::providerProblem)
                    .chain(meta -> begin(config, meta, email, relayState, binding));
        }));
    }

    private Uni<Started> begin(InternalOAuthConfig config, ProviderMetadata meta, String email, String relayState, String binding) {
        if (meta.authorizationEndpoint() == null || meta.tokenEndpoint() == null) {
            throw SsoRefusal.of(Reason.PROVIDER_UNSUITABLE, "the configuration's provider has no authorization and token endpoints");
        }
        if (!meta.supportsS256()) {
            throw SsoRefusal.of(Reason.PROVIDER_UNSUITABLE, "the identity provider does not support PKCE with S256",
                    Map.of("finding", "PKCE_S256_UNSUPPORTED"));
        }
        String expectedIssuer = DiscoveryService.expectedIssuer(config);
        if (expectedIssuer == null) {
            // The ID token is the identity here: without an issuer to hold it to, any provider could vouch.
            throw SsoRefusal.of(Reason.PROVIDER_UNSUITABLE, "this configuration has no issuer, so the identity provider's "
                    + "ID token cannot be checked; an administrator must set its issuer", Map.of("finding", "ISSUER_MISSING"));
        }
        String state = CodeFlowSecrets.random(32);
        String verifier = CodeFlowSecrets.random(32);
        String nonce = CodeFlowSecrets.random(24);
        String stateHash = Hashes.sha256Hex(state);
        Instant expiresAt = Instant.now().plus(settings.stateTtl());
        String callback = settings.callbackUrl().orElseThrow();
        SsoState row = new SsoState(stateHash, config.orgId(), config.id().toString(), config.version(), BrowserBinding.hash(binding),
                cipher.seal(verifier, SsoState.verifierContext(config.orgId(), config.id().toString(), stateHash)), nonce,
                expectedIssuer, meta.tokenEndpoint(), meta.jwksUri(), meta.issParameterSupported(),
                callback, relayState, expiresAt);
        Map<String, String> q = CodeFlowSecrets.codeRequest(config.clientId(), callback, SCOPES, state, verifier, nonce);
        if (config.loginHint() != null && !config.loginHint().isBlank()) {
            q.put("login_hint", email);
            if (config.type() == ProviderType.GRAPH) {
                // Entra skips its home-realm discovery page when it knows the user's domain.
                q.put("domain_hint", email.substring(email.indexOf('@') + 1));
            }
        }
        return states.insert(row).replaceWith(new Started(CodeFlowSecrets.url(meta.authorizationEndpoint(), q), binding, expiresAt));
    }

    /**
     * Completes a sign-in. The state is taken (deleted) first, so it can never be used twice; then
     * the browser, the provider's answer, {@code iss} (RFC 9207), the config version, the code
     * exchange at the provider that started the flow, the ID token (signature, issuer, audience,
     * expiry, nonce), the verified e-mail and its domain are checked before anything is signed.
     */
    public Uni<Asserted> complete(String code, String state, String iss, String error, String browserBinding) {
        requireConfigured();
        if (state == null || state.isBlank() || state.length() > 512) {
            throw SsoRefusal.of(Reason.STATE_INVALID, "the sign-in link is incomplete; start the sign-in again");
        }
        return states.take(Hashes.sha256Hex(state)).chain(found -> {
            SsoState s = found.orElseThrow(SsoService::stateInvalid);
            if (s.expiresAt().isBefore(Instant.now())) {
                throw stateInvalid();
            }
            if (!BrowserBinding.valid(browserBinding) || !MessageDigest.isEqual(
                    BrowserBinding.hash(browserBinding).getBytes(StandardCharsets.US_ASCII), s.browserHash().getBytes(StandardCharsets.US_ASCII))) {
                // Login CSRF and a stolen redirect: only the browser that started the sign-in may complete it.
                throw SsoRefusal.of(Reason.BROWSER_MISMATCH, "this sign-in was started in another browser; start it again here");
            }
            if (error != null) {
                String providerError = error.matches("[a-z_]{1,64}") ? error : "unknown_error";
                throw SsoRefusal.of(Reason.PROVIDER_ERROR, "the identity provider did not sign you in (" + providerError + ")",
                        Map.of("providerError", providerError));
            }
            if (code == null || code.isBlank() || code.length() > 4096) {
                throw SsoRefusal.of(Reason.CODE_MISSING, "the identity provider's answer carries no code; start the sign-in again");
            }
            // RFC 9207: the answer must come from the provider the flow was started with (mix-up defence).
            if (iss != null ? !iss.equals(s.expectedIssuer()) : s.issRequired()) {
                throw SsoRefusal.of(Reason.ISSUER_MISMATCH, "the answer did not come from the identity provider this sign-in was started with");
            }
            return configs.reload(s.orgId(), s.configId()).chain(current -> {
                InternalOAuthConfig config = current.filter(c -> c.ssoEnabled() && c.version() == s.configVersion())
                        .orElseThrow(SsoService::configChanged);
                String verifier = cipher.open(s.verifierSealed(), SsoState.verifierContext(s.orgId(), s.configId(), s.stateHash()));
                return provider.exchangeCode(config, s.tokenEndpoint(), code, s.redirectUri(), verifier)
                        .onFailure(ProviderException.class).transform(SsoService::providerProblem)
                        .chain(response -> {
                            if (response.idToken() == null) {
                                throw SsoRefusal.of(Reason.ID_TOKEN_INVALID, "the identity provider returned no ID token");
                            }
                            return idTokens.verify(response.idToken(), s.expectedIssuer(), config.clientId(), s.jwksUri(), s.nonce())
                                    .onFailure(IdTokenValidator.InvalidIdTokenException.class)
                                    .transform(f -> SsoRefusal.of(Reason.ID_TOKEN_INVALID, f.getMessage()))
                                    .onFailure(ProviderException.class).transform(SsoService::providerProblem);
                        })
                        .chain(claims -> assertIdentity(config, s, SsoIdentity.of(claims, config.type())));
            });
        });
    }

    private Uni<Asserted> assertIdentity(InternalOAuthConfig config, SsoState s, SsoIdentity identity) {
        if (identity.email() == null) {
            throw SsoRefusal.of(Reason.EMAIL_MISSING, "the identity provider did not say which e-mail address you signed in with");
        }
        // Some corporate providers own their users' addresses but never send email_verified; the
        // organisation may vouch for them instead (config-service allows it only for its own exact domains).
        String verifiedBy = identity.emailVerified() ? VERIFIED_BY_PROVIDER
                : config.ssoEmailAuthoritative() ? VERIFIED_BY_ORGANISATION : null;
        if (verifiedBy == null) {
            throw SsoRefusal.of(Reason.EMAIL_NOT_VERIFIED, "the identity provider has not verified your e-mail address");
        }
        return ask(s.orgId(), s.configId(), identity.email()).map(admission -> {
            if (admission.version() != s.configVersion()) {
                throw configChanged();
            }
            if (!admission.admitted()) {
                LOG.infof("SSO sign-in through %s/%s refused: %s outside the configuration's domains (%s)", s.orgId(), s.configId(),
                        Hashes.userRef(identity.email()), admission.decision());
                throw refusedDomain();
            }
            Instant now = Instant.now();
            Instant exp = now.plus(settings.assertionLifetime());
            String jti = UUID.randomUUID().toString();
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(settings.issuer().orElseThrow());
            claims.setAudience(settings.audience().orElseThrow());
            // The provider's subject is unique only at its issuer, and an organisation's admin chooses the
            // issuer: the platform's subject is scoped to the organisation and the issuer (see SsoSubject).
            claims.setSubject(SsoSubject.of(s.orgId(), identity.issuer(), identity.subject()));
            claims.setClaim("idp_sub", identity.subject());
            claims.setClaim("email", identity.email());
            claims.setClaim("email_verified", true);
            claims.setClaim("email_verified_by", verifiedBy);
            if (identity.name() != null) {
                claims.setClaim("name", identity.name());
            }
            claims.setClaim("org_id", s.orgId());
            claims.setClaim("config_id", s.configId());
            claims.setClaim("idp_iss", identity.issuer());
            claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
            claims.setNotBefore(NumericDate.fromMilliseconds(now.toEpochMilli()));
            claims.setExpirationTime(NumericDate.fromMilliseconds(exp.toEpochMilli()));
            claims.setJwtId(jti);
            LOG.infof("SSO sign-in through %s/%s: %s asserted (jti %s)", s.orgId(), s.configId(), Hashes.userRef(identity.email()), jti);
            return new Asserted(keys.sign(claims), settings.returnUrl().orElseThrow(), s.relayState(), jti, exp);
        });
    }

    /** The config when it is an SSO config of the organisation; anything else is the same 404 (nothing to enumerate). */
    private Uni<InternalOAuthConfig> ssoConfig(String orgId, String configId) {
        return configs.reload(orgId, configId).map(c -> c.filter(found -> found.ssoEnabled())
                .orElseThrow(() -> Problems.notFound("SSO configuration")));
    }

    private Uni<SsoAdmissionAnswer> ask(String orgId, String configId, String email) {
        return admissions.ask(orgId, configId, email.toLowerCase(Locale.ROOT))
                .onFailure(SsoAdmissions.SsoQuestionRefusedException.class)
                .transform(f -> Problems.invalid("email", "must be an e-mail address such as user@example.com"))
                .map(a -> a.orElseThrow(SsoService::configChanged));
    }

    private void requireConfigured() {
        if (settings.issuer().isEmpty() || settings.audience().isEmpty() || settings.callbackUrl().isEmpty()
                || settings.returnUrl().isEmpty() || !keys.ready()) {
            throw new ProblemException(SsoRefusal.SSO_NOT_CONFIGURED, "single sign-on to the platform is not set up on this service");
        }
    }

    private static ProblemException refusedDomain() {
        return SsoRefusal.of(Reason.EMAIL_DOMAIN_NOT_ALLOWED, "this e-mail address may not sign in with this organisation's single sign-on");
    }

    private static ProblemException stateInvalid() {
        return SsoRefusal.of(Reason.STATE_INVALID, "this sign-in is unknown, already used or expired; start the sign-in again");
    }

    private static ProblemException configChanged() {
        return SsoRefusal.of(Reason.CONFIG_CHANGED, "the single sign-on configuration changed or was removed; start the sign-in again");
    }

    static ProblemException providerProblem(Throwable f) {
        ProviderException p = (ProviderException) f;
        if (p.transientFailure()) {
            return new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, "the identity provider is unavailable ("
                    + p.reasonCode() + "); start the sign-in again", List.of(),
                    Map.of("dependency", "identity-provider", "providerFailure", p.reasonCode()));
        }
        return SsoRefusal.of(Reason.PROVIDER_ERROR, "the identity provider refused the sign-in",
                p.oauthError() == null ? Map.of() : Map.of("providerError", p.oauthError()));
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepExpiredStates() {
        return states.deleteExpired().replaceWithVoid();
    }
}

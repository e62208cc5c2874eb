package com.oauthconfig.token.check;

import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.contracts.config.Endpoints;
import com.oauthconfig.contracts.config.ProviderType;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.provider.DiscoveryService;
import com.oauthconfig.token.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs discovery and the provider rules against the live provider, so an admin learns a config
 * is wrong before users do. Every finding has a stable code.
 */
@ApplicationScoped
public class ConfigCheckService {

    public enum Severity { ERROR, WARNING, INFO }

    public record Finding(String code, Severity severity, String message) {
    }

    public record Report(String configId, long version, boolean ok, List<Finding> findings) {
    }

    private final OAuthConfigCache configs;
    private final DiscoveryService discovery;

    public ConfigCheckService(OAuthConfigCache configs, DiscoveryService discovery) {
        this.configs = configs;
        this.discovery = discovery;
    }

    public Uni<Report> check(String orgId, String configId) {
        // A check must see the config as it is now, not as cached; the fresh read is scoped by the path's
        // organisation and evicts the cached copies only when the config is that organisation's (an
        // admin of org A naming org B's config id must not flush B's cache).
        return configs.reload(orgId, configId)
                .map(c -> c.orElseThrow(() -> Problems.notFound("OAuth configuration")))
                .chain(this::check);
    }

    Uni<Report> check(InternalOAuthConfig config) {
        List<Finding> findings = new ArrayList<>();
        staticRules(config, findings);
        String issuer = DiscoveryService.expectedIssuer(config);
        Uni<Void> live;
        if (issuer == null) {
            Endpoints e = config.endpoints();
            if (e.authorization() == null || e.token() == null) {
                findings.add(new Finding("NO_ISSUER_NO_ENDPOINTS", Severity.ERROR,
                        "Without an issuer, the authorization and token endpoints must be entered."));
            }
            if (e.revocation() == null) {
                findings.add(new Finding("NO_REVOCATION_ENDPOINT", Severity.WARNING,
                        "No revocation endpoint: signing out cannot revoke tokens at the provider."));
            }
            live = Uni.createFrom().voidItem();
        } else {
            live = discovery.discover(issuer)
                    .chain(doc -> discoveredRules(config, doc, findings))
                    .onFailure().recoverWithItem(f -> {
                        findings.add(discoveryFailure(issuer, f));
                        return null;
                    }).replaceWithVoid();
        }
        return live.map(v -> new Report(config.id().toString(), config.version(),
                findings.stream().noneMatch(f -> f.severity() == Severity.ERROR), List.copyOf(findings)));
    }

    private static Finding discoveryFailure(String issuer, Throwable f) {
        if (f instanceof DiscoveryService.IssuerMismatchException) {
            return new Finding("ISSUER_MISMATCH", Severity.ERROR, f.getMessage()
                    + ". Enter the issuer exactly as the provider publishes it.");
        }
        // A 2xx that is not a discovery document (an HTML page at a mistyped issuer) is a wrong URL, not an outage.
        if (f instanceof ProviderException p && p.kind() != ProviderException.Kind.BAD_RESPONSE
                && (p.transientFailure() || p.status() == 0)) {
            return new Finding("ISSUER_UNREACHABLE", Severity.ERROR,
                    "The provider's discovery document could not be read: " + p.getMessage() + ".");
        }
        return new Finding("DISCOVERY_FAILED", Severity.ERROR, "Discovery at " + DiscoveryService.discoveryUrl(issuer)
                + " failed: " + (f instanceof ProviderException ? f.getMessage() : f.getClass().getSimpleName()) + ".");
    }

    private static void staticRules(InternalOAuthConfig config, List<Finding> findings) {
        List<String> scopes = config.scopes();
        if (config.clientId() == null || config.clientId().isBlank()) {
            findings.add(new Finding("NO_CLIENT_ID", Severity.ERROR, "The client ID is missing."));
        }
        if (config.redirectUrls().isEmpty()) {
            findings.add(new Finding("NO_REDIRECT_URL", Severity.ERROR, "At least one redirect URL is needed for sign-in."));
        }
        if (!scopes.contains("openid")) {
            findings.add(new Finding("OPENID_SCOPE_MISSING", Severity.WARNING,
                    "Without the openid scope there is no ID token, so the signed-in user cannot be verified."));
        }
        if (!scopes.contains("offline_access")) {
            findings.add(new Finding("OFFLINE_ACCESS_MISSING", Severity.WARNING,
                    "Without the offline_access scope the provider issues no refresh token; users must sign in again when the access token expires."));
        }
        String issuer = config.issuer() == null ? "" : config.issuer();
        switch (config.type() == null ? ProviderType.OPENID : config.type()) {
            case GRAPH -> {
                if (issuer.contains("sts.windows.net") || (!issuer.isEmpty() && !issuer.endsWith("/v2.0"))) {
                    findings.add(new Finding("GRAPH_V1_ISSUER", Severity.WARNING,
                            "This looks like an Entra v1 issuer; v2 tokens carry https://login.microsoftonline.com/<tenant>/v2.0."));
                }
            }
            case AUTH0 -> {
                if (!issuer.isEmpty() && !issuer.endsWith("/")) {
                    findings.add(new Finding("AUTH0_ISSUER_TRAILING_SLASH", Severity.INFO,
                            "Auth0 issuers end with '/'; the service adds it when comparing."));
                }
                if (config.audience() == null || config.audience().isBlank()) {
                    findings.add(new Finding("AUTH0_AUDIENCE_MISSING", Severity.WARNING,
                            "Without an API audience Auth0 issues opaque access tokens that only its userinfo endpoint accepts."));
                }
            }
            case OKTA -> {
                if (!issuer.isEmpty() && !issuer.contains("/oauth2/")) {
                    findings.add(new Finding("OKTA_ORG_AUTHORIZATION_SERVER", Severity.INFO,
                            "This is Okta's org authorization server: its access tokens are meant for Okta's own APIs; use a custom authorization server (…/oauth2/<id>) for your APIs."));
                }
            }
            default -> {
            }
        }
        if (issuer.startsWith("http://")) {
            findings.add(new Finding("INSECURE_ISSUER", Severity.WARNING, "The issuer does not use https."));
        }
    }

    private Uni<Void> discoveredRules(InternalOAuthConfig config, JsonObject doc, List<Finding> findings) {
        List<String> methods = strings(doc, "code_challenge_methods_supported");
        if (methods != null && !methods.contains("S256")) {
            findings.add(new Finding("PKCE_S256_UNSUPPORTED", Severity.ERROR, "The provider does not advertise PKCE with S256."));
        }
        if (config.endpoints().revocation() == null && doc.getString("revocation_endpoint") == null) {
            findings.add(new Finding("NO_REVOCATION_ENDPOINT", Severity.WARNING,
                    "The provider has no revocation endpoint: signing out cannot revoke tokens there."));
        }
        List<String> grants = strings(doc, "grant_types_supported");
        if (grants != null && !grants.contains("refresh_token")) {
            findings.add(new Finding("REFRESH_GRANT_UNSUPPORTED", Severity.WARNING, "The provider does not advertise the refresh_token grant."));
        }
        List<String> scopesSupported = strings(doc, "scopes_supported");
        if (scopesSupported != null) {
            for (String scope : config.scopes()) {
                if (!scopesSupported.contains(scope) && (scope.equals("openid") || scope.equals("offline_access"))) {
                    findings.add(new Finding("SCOPE_NOT_SUPPORTED", Severity.WARNING, "The provider does not list the scope " + scope + "."));
                }
            }
        }
        String jwksUri = config.endpoints().jwks() != null ? config.endpoints().jwks() : doc.getString("jwks_uri");
        if (jwksUri == null) {
            findings.add(new Finding("NO_JWKS", Severity.ERROR, "The provider publishes no JWKS, so ID tokens cannot be verified."));
            return Uni.createFrom().voidItem();
        }
        if (doc.getString("authorization_endpoint") == null && config.endpoints().authorization() == null) {
            findings.add(new Finding("NO_AUTHORIZATION_ENDPOINT", Severity.ERROR, "No authorization endpoint is known."));
        }
        return discovery.keys(jwksUri, false).invoke(set -> {
            if (set.getJsonWebKeys().isEmpty()) {
                findings.add(new Finding("JWKS_EMPTY", Severity.ERROR, "The provider's JWKS holds no keys."));
            }
        }).onFailure().recoverWithItem(f -> {
            findings.add(new Finding("JWKS_UNREACHABLE", Severity.ERROR, "The JWKS at " + URI.create(jwksUri).getHost()
                    + " could not be read."));
            return null;
        }).replaceWithVoid();
    }

    private static List<String> strings(JsonObject doc, String field) {
        return doc.getJsonArray(field) == null ? null : doc.getJsonArray(field).stream().map(String::valueOf).toList();
    }
}

package com.oauthconfig.token.peers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.oauthconfig.common.http.Origins;

import java.util.List;

/**
 * One OAuth configuration as the config-service's internal read returns it, secret included.
 * Never serialised back out: {@link #toString()} hides the secret.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OAuthConfig(String id, String orgId, long version, String name, String title, ProviderType type,
                          String clientId, String clientSecret, String issuer, Endpoints endpoints,
                          Boolean usePkce, Boolean useNonce, List<String> scopes, List<String> redirectUrls,
                          JsonNode loginHint, List<String> apiHosts, String audience, String tenantId,
                          Boolean ssoEnabled, String imageUrl) {

    /** Provider families; each gets what its real product needs. */
    public enum ProviderType { GRAPH, OKTA, OPENID, AUTH0 }

    /** Explicit endpoints; each may be null, and an explicit one wins over discovery. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Endpoints(String authorization, String token, String userinfo, String jwks, String revocation,
                            String endSession) {
        public static final Endpoints NONE = new Endpoints(null, null, null, null, null, null);
    }

    public Endpoints endpointsOrNone() {
        return endpoints == null ? Endpoints.NONE : endpoints;
    }

    public List<String> scopesOrEmpty() {
        return scopes == null ? List.of() : scopes;
    }

    public List<String> redirectUrlsOrEmpty() {
        return redirectUrls == null ? List.of() : redirectUrls;
    }

    public boolean nonceEnabled() {
        return useNonce == null || useNonce;
    }

    /** The seed's "use login hint" switch; a boolean or a non-empty string turns it on. */
    public boolean loginHintEnabled() {
        if (loginHint == null || loginHint.isNull()) {
            return false;
        }
        return loginHint.isBoolean() ? loginHint.booleanValue() : !loginHint.asText().isBlank();
    }

    /**
     * What a user consented to, and where their tokens may go: issuer, client, scopes, audience and
     * the origin (scheme, host, port) of every explicit endpoint this service talks to. When any of
     * these change, stored user tokens no longer match the config: they are never sent to the new
     * origin and the user must sign in again.
     */
    public String consentFingerprint() {
        Endpoints ep = endpointsOrNone();
        return String.join("|", String.valueOf(issuer), String.valueOf(clientId),
                String.join(" ", scopesOrEmpty().stream().sorted().toList()), String.valueOf(audience),
                String.valueOf(Origins.of(ep.authorization())), String.valueOf(Origins.of(ep.token())),
                String.valueOf(Origins.of(ep.revocation())), String.valueOf(Origins.of(ep.userinfo())),
                String.valueOf(Origins.of(ep.jwks())), String.valueOf(Origins.of(ep.endSession())));
    }

    @Override
    public String toString() {
        return "OAuthConfig[id=" + id + ", orgId=" + orgId + ", version=" + version + ", type=" + type
                + ", issuer=" + issuer + ", clientSecret=" + (clientSecret == null ? "unset" : "***") + "]";
    }
}

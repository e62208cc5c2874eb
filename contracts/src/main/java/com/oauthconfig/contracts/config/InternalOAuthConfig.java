package com.oauthconfig.contracts.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.UUID;

/**
 * One configuration as the config-service's service-only reads return it, schema
 * {@code oauth-config-internal-1.schema.json}: the current one by id or title, and (secret readers
 * only, within the grace window) the one a change replaced or removed ({@link #RETIRED}).
 * {@code ssoEmailAuthoritative}: the organisation vouches that its provider owns the e-mail addresses it
 * signs in, so an SSO sign-in without {@code email_verified: true} is admitted. {@code clientSecret} is decrypted for the services
 * allowed to see it and null for the others; {@link #toString()} never prints it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InternalOAuthConfig(UUID id, String orgId, long version, String name, String title, ProviderType type,
                                  String clientId, String clientSecret, String issuer, Endpoints endpoints,
                                  boolean usePkce, boolean useNonce, List<String> scopes, List<String> redirectUrls,
                                  String loginHint, List<String> apiHosts, String audience, String tenantId,
                                  boolean ssoEnabled, boolean ssoEmailAuthoritative, String imageUrl) {

    /** Where the config-service serves this read; {@code ?title=} on the same path finds a config by title. */
    public static final String PATH = "/internal/orgs/{orgId}/oauth-configs";
    /** Below {@link #PATH}: the config as it was just before change {@code version} replaced or removed it. */
    public static final String RETIRED = "/{id}/retired/{version}";

    public InternalOAuthConfig {
        endpoints = endpoints == null ? Endpoints.NONE : endpoints;
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        redirectUrls = redirectUrls == null ? List.of() : List.copyOf(redirectUrls);
        apiHosts = apiHosts == null ? List.of() : List.copyOf(apiHosts);
    }

    @Override
    public String toString() {
        // Records print every component; this one must never print the secret.
        return "InternalOAuthConfig[id=" + id + ", orgId=" + orgId + ", version=" + version + ", type=" + type
                + ", issuer=" + issuer + ", clientSecret=" + (clientSecret == null ? "unset" : "***") + "]";
    }
}

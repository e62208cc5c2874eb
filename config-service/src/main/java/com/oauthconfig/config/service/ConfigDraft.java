package com.oauthconfig.config.service;

import com.oauthconfig.config.repository.ProviderType;

import java.util.List;

/**
 * What a caller asks a configuration to be (everything but the secret, which travels as a
 * {@link SecretChange}). Before validation any field may be null; after
 * {@link OAuthConfigRules#validate} lists are non-null, booleans have their defaults and
 * domains/hosts are lower case. {@code ssoEmailAuthoritative} comes last so it sits beside the
 * other optional flags without reordering the established components.
 */
public record ConfigDraft(
        String name,
        String title,
        ProviderType type,
        String imageUrl,
        String loginHint,
        List<String> domains,
        List<String> redirectUrls,
        String clientId,
        String issuer,
        Endpoints endpoints,
        Boolean usePkce,
        Boolean useNonce,
        List<String> scopes,
        Boolean ssoEnabled,
        List<String> apiHosts,
        String audience,
        String tenantId,
        Boolean ssoEmailAuthoritative) {

    /** The provider's service endpoints; any may be null. */
    public record Endpoints(String authorization, String token, String userinfo, String jwks, String revocation,
                            String endSession) {
        public static final Endpoints NONE = new Endpoints(null, null, null, null, null, null);
    }
}

package com.oauthconfig.config.rest;

import com.oauthconfig.config.repository.ProviderType;

import java.util.List;

/**
 * The service-only view for the token-service, the one place the decrypted secret is returned.
 * Its shape is a contract between services: change it only together with the token-service.
 */
public record InternalOAuthConfigResponse(
        String id,
        String orgId,
        long version,
        String name,
        String title,
        ProviderType type,
        String clientId,
        String clientSecret,
        String issuer,
        EndpointsDto endpoints,
        boolean usePkce,
        boolean useNonce,
        List<String> scopes,
        List<String> redirectUrls,
        String loginHint,
        List<String> apiHosts,
        String audience,
        String tenantId,
        boolean ssoEnabled,
        String imageUrl) {

    @Override
    public String toString() {
        // Records print every component; this one must never print the secret.
        return "InternalOAuthConfigResponse[id=" + id + ", orgId=" + orgId + ", version=" + version + "]";
    }
}

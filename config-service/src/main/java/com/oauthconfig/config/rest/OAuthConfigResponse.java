package com.oauthconfig.config.rest;

import com.oauthconfig.config.repository.ProviderType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A configuration as callers and change events see it: never the secret, only whether one is set. */
@Schema(name = "OAuthConfig")
public record OAuthConfigResponse(
        String id,
        String orgId,
        long version,
        String name,
        String title,
        ProviderType type,
        String imageUrl,
        String loginHint,
        List<String> domains,
        List<String> redirectUrls,
        String clientId,
        boolean clientSecretSet,
        String issuer,
        EndpointsDto endpoints,
        boolean usePkce,
        boolean useNonce,
        List<String> scopes,
        boolean ssoEnabled,
        boolean ssoEmailAuthoritative,
        List<String> apiHosts,
        String audience,
        String tenantId,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt) {
}

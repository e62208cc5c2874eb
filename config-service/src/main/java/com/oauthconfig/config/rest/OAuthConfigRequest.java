package com.oauthconfig.config.rest;

import com.oauthconfig.config.repository.ProviderType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * Body of create (POST) and replace (PUT); PATCH takes a JSON merge patch of the same shape.
 * Read-only members of a record as returned by GET (id, orgId, version, clientSecretSet,
 * created/updated by/at) are accepted and ignored, so the raw JSON can be sent back as is.
 */
@Schema(name = "OAuthConfigRequest", description = "An OAuth configuration as written by a caller")
public record OAuthConfigRequest(
        @Schema(required = true, maxLength = 100, description = "Shown to users") String name,
        @Schema(required = true, maxLength = 128, pattern = "^[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*)*$",
                description = "Token reference used by functions; unique in the organisation", example = "acme.oauth.token") String title,
        @Schema(required = true) ProviderType type,
        @Schema(description = "https URL of an image") String imageUrl,
        @Schema(maxLength = 256) String loginHint,
        @Schema(description = "Registered domains of the organisation, '*.<registered domain>' or '*'") List<String> domains,
        @Schema(required = true, description = "https or custom-scheme URLs without fragment") List<String> redirectUrls,
        String clientId,
        @Schema(writeOnly = true, description = "Write-only. Absent = unchanged, null = remove") String clientSecret,
        @Schema(description = "Issuer URL; or give endpoints.authorization and endpoints.token") String issuer,
        EndpointsDto endpoints,
        @Schema(defaultValue = "true") Boolean usePkce,
        @Schema(defaultValue = "true") Boolean useNonce,
        @Schema(required = true) List<String> scopes,
        @Schema(defaultValue = "false") Boolean ssoEnabled,
        @Schema(defaultValue = "false", description = "The provider is authoritative for the e-mail addresses it signs in: "
                + "an SSO sign-in without email_verified is admitted. Needs ssoEnabled and domains without '*' or '*.' patterns")
        Boolean ssoEmailAuthoritative,
        @Schema(description = "Hosts that may receive this configuration's tokens") List<String> apiHosts,
        @Schema(description = "API audience (required for AUTH0)") String audience,
        @Schema(description = "Entra ID tenant (required for GRAPH)") String tenantId) {
}

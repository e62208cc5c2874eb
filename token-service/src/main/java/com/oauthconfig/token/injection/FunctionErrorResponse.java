package com.oauthconfig.token.injection;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of a failed function call or token resolution, shaped for the apps' error handlers
 * ({@code when: =@ctx.error.name = 'OAuthCredentialsMissingError'}).
 */
public record FunctionErrorResponse(Body error) {

    /** {@code reason}, {@code title} and {@code signInUrl} are set for OAuthCredentialsMissingError; see each member. */
    public record Body(
            @Schema(enumeration = {"OAuthCredentialsMissingError", "TokenReferenceNotFoundError", "FunctionNotAllowedError",
                    "ProviderUnavailableError", "DependencyUnavailableError", "UpstreamTimeoutError",
                    "UpstreamUnreachableError", "FunctionCallFailedError"}) String name,
            @Schema(description = "Plain-language text for end users") String message,
            @Schema(description = "OAuthCredentialsMissingError: why (NOT_SIGNED_IN, REFRESH_FAILED, REVOKED, CONFIG_REMOVED, "
                    + "CONSENT_REQUIRED, ALIAS_BROKEN, SIGN_IN_DENIED); ProviderUnavailableError: how the provider failed (PROVIDER_TIMEOUT, "
                    + "PROVIDER_ERROR_STATUS, PROVIDER_BAD_RESPONSE, PROVIDER_CONNECTION_CLOSED, PROVIDER_UNREACHABLE, "
                    + "PROVIDER_CIRCUIT_OPEN)") String reason,
            String correlationId,
            @Schema(description = "The config title (or credential name) the function referenced") String title,
            @Schema(description = "POST here with the user's platform token to start signing in again; null when signing in cannot help")
            String signInUrl,
            @Schema(description = "DependencyUnavailableError: the platform dependency that failed (e.g. postgresql), when known")
            String dependency,
            @Schema(description = "OAuthCredentialsMissingError: the configuration's display name (its 'name'; 'name' here is the error's)")
            String configName,
            @Schema(description = "OAuthCredentialsMissingError: the configuration's image URL, when it has one")
            String imageUrl,
            @Schema(description = "OAuthCredentialsMissingError: the solution the call named, when it named one")
            String solutionId,
            @Schema(description = "OAuthCredentialsMissingError with reason SIGN_IN_DENIED: the provider's OAuth error code "
                    + "(access_denied, consent_required…)")
            String providerError) {
    }
}

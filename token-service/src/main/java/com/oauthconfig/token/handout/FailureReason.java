package com.oauthconfig.token.handout;

/**
 * Why no access token can be handed out; stable codes the injection path turns into
 * {@code OAuthCredentialsMissingError.reason} or into its own distinct errors.
 */
public enum FailureReason {
    /** The user never signed in to this config (or signed out and the row is gone). */
    NOT_SIGNED_IN,
    /** The provider refused the refresh token (invalid_grant) or none was issued: sign in again. */
    REFRESH_FAILED,
    /** The user signed out; tokens were revoked and deleted. */
    REVOKED,
    /** The config no longer exists in this organisation. */
    CONFIG_REMOVED,
    /** The config's issuer, client, scopes or audience changed since the user consented. */
    CONSENT_REQUIRED,
    /** Client credentials: the provider refused the config's client (invalid_client, unauthorized_client…): an admin must fix it. */
    CLIENT_REFUSED,
    /** The provider is unreachable or failing (timeouts, 5xx): not the user's fault, try later. */
    PROVIDER_UNAVAILABLE,
    /** The config-service could not be read: not the user's fault, try later. */
    CONFIG_SERVICE_UNAVAILABLE;

    /** True for the causes the user can fix by signing in again (OAuthCredentialsMissingError). */
    public boolean needsSignIn() {
        return this != PROVIDER_UNAVAILABLE && this != CONFIG_SERVICE_UNAVAILABLE;
    }
}

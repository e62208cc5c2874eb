package com.oauthconfig.token.injection;

/**
 * The catalogue of {@code error.name}s a REST function call can end with, each with its HTTP
 * status. Apps' error handlers match these names, so they are a contract: never rename one, and
 * only {@link #OAuthCredentialsMissingError} means "the user can fix this by signing in".
 */
public enum FunctionError {
    /** No usable token for this user; {@code reason} says why, {@code signInUrl} where to recover. */
    OAuthCredentialsMissingError(401),
    /** Neither a config with that title in the organisation nor a solution credential of that name. */
    TokenReferenceNotFoundError(404),
    /** The target URL is not allowed (private or metadata address, not in the config's apiHosts, not https). */
    FunctionNotAllowedError(403),
    /** The identity provider fails or cannot be reached, and no still-valid token is held; {@code reason} says how. */
    ProviderUnavailableError(503),
    /** A platform dependency (config-service, credential-alias-service, this service's database) cannot be read. */
    DependencyUnavailableError(503),
    /** The target did not answer (or stopped sending) within the timeout. */
    UpstreamTimeoutError(504),
    /** The target could not be reached (connection refused, unknown host, TLS failure). */
    UpstreamUnreachableError(502),
    /** Anything unexpected inside the token-service. */
    FunctionCallFailedError(500);

    private final int status;

    FunctionError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}

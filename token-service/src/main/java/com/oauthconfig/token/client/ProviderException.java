package com.oauthconfig.token.client;

/**
 * A provider exchange failed. {@link #transientFailure()} tells a retryable failure (timeout,
 * 5xx, 429, unreachable) from a definitive answer such as {@code invalid_grant}. The message
 * names the provider endpoint and OAuth error code only, never a token or secret.
 */
public class ProviderException extends RuntimeException {

    private final boolean transientFailure;
    private final String oauthError;
    private final int status;

    public ProviderException(String message, boolean transientFailure, String oauthError, int status) {
        super(message, null, false, false);
        this.transientFailure = transientFailure;
        this.oauthError = oauthError;
        this.status = status;
    }

    public static ProviderException unreachable(String what, Throwable cause) {
        return new ProviderException(what + " unreachable: " + cause.getClass().getSimpleName(), true, null, 0);
    }

    public boolean transientFailure() {
        return transientFailure;
    }

    /** The OAuth {@code error} code the provider answered, when it did. */
    public String oauthError() {
        return oauthError;
    }

    public int status() {
        return status;
    }

    public boolean invalidGrant() {
        return "invalid_grant".equals(oauthError);
    }
}

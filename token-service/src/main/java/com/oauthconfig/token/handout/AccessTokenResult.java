package com.oauthconfig.token.handout;

import java.time.Instant;

/**
 * Either a usable access token or the reason there is none. Only the injection path may read
 * {@link #accessToken()}; {@link #toString()} never shows it.
 */
public record AccessTokenResult(String accessToken, Instant expiresAt, FailureReason reason, String detail, String cause) {

    public static AccessTokenResult ok(String accessToken, Instant expiresAt) {
        return new AccessTokenResult(accessToken, expiresAt, null, null, null);
    }

    public static AccessTokenResult failure(FailureReason reason, String detail) {
        return new AccessTokenResult(null, null, reason, detail, null);
    }

    /** {@link FailureReason#PROVIDER_UNAVAILABLE} with the stable code of how the provider failed (e.g. PROVIDER_TIMEOUT). */
    public static AccessTokenResult providerUnavailable(String cause) {
        return new AccessTokenResult(null, null, FailureReason.PROVIDER_UNAVAILABLE,
                "the identity provider is unavailable; try again later", cause);
    }

    public boolean isOk() {
        return reason == null;
    }

    @Override
    public String toString() {
        return isOk() ? "AccessTokenResult[ok, expiresAt=" + expiresAt + "]"
                : "AccessTokenResult[" + reason + (cause == null ? "" : "/" + cause) + ": " + detail + "]";
    }
}

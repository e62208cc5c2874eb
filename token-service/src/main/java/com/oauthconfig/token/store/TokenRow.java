package com.oauthconfig.token.store;

import java.time.Instant;

/** One stored row of user tokens, still sealed. */
public record TokenRow(String orgId, String configId, String userId, TokenStatus status, String accessSealed,
                       String refreshSealed, Instant accessExpiresAt, Instant obtainedAt, String scopes,
                       String idSubject, String idIssuer, long configVersion, String consentFingerprint,
                       String statusReason) {

    /** status_reason of rows whose tokens a config change (issuer, client, scopes) made unusable. */
    public static final String CONSENT_REQUIRED_REASON = "consent_required";

    /** Lifecycle of a user's tokens for one config. */
    public enum TokenStatus { ACTIVE, REAUTH_REQUIRED, REVOKED }

    /** AEAD context binding sealed tokens to their row. */
    public static String context(String orgId, String configId, String userId) {
        return "token|" + orgId + "|" + configId + "|" + userId;
    }

    /** The same row with other sealed values (key rotation). */
    public TokenRow withSealed(String access, String refresh) {
        return new TokenRow(orgId, configId, userId, status, access, refresh, accessExpiresAt, obtainedAt, scopes, idSubject,
                idIssuer, configVersion, consentFingerprint, statusReason);
    }

    public String context() {
        return context(orgId, configId, userId);
    }

    @Override
    public String toString() {
        return "TokenRow[" + orgId + "/" + configId + "/" + userId + ", " + status + "]";
    }
}

package com.oauthconfig.token.signin;

import java.time.Instant;

/** A pending sign-in transaction; the PKCE verifier is sealed, the state itself is stored only as a hash. */
public record AuthState(String stateHash, String orgId, String configId, String userId, String verifierSealed,
                        String nonce, String expectedIssuer, String tokenEndpoint, String jwksUri, boolean issRequired,
                        String redirectUri, String scopes, long configVersion, String consentFingerprint,
                        Instant expiresAt) {

    /** AEAD context of the verifier: bound to the user and config that started the flow. */
    public static String verifierContext(String orgId, String configId, String userId) {
        return "pkce|" + orgId + "|" + configId + "|" + userId;
    }
}

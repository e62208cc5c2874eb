package com.oauthconfig.token.sso;

import java.time.Instant;

/**
 * A pending SSO sign-in. The state is stored only as a hash, the PKCE verifier sealed, and the
 * browser that started it only as the hash of its binding cookie's value.
 */
public record SsoState(String stateHash, String orgId, String configId, long configVersion, String browserHash,
                       String verifierSealed, String nonce, String expectedIssuer, String tokenEndpoint, String jwksUri,
                       boolean issRequired, String redirectUri, String relayState, Instant expiresAt) {

    /** AEAD context of the verifier: bound to the organisation, config and this very transaction. */
    public static String verifierContext(String orgId, String configId, String stateHash) {
        return "sso-pkce|" + orgId + "|" + configId + "|" + stateHash;
    }
}

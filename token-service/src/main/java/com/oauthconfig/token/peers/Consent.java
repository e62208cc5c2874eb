package com.oauthconfig.token.peers;

import com.oauthconfig.contracts.config.InternalOAuthConfig;

/**
 * What a user consented to when signing in with a config: when any of these members change,
 * stored user tokens no longer match the config and the user must sign in again.
 */
public final class Consent {

    private Consent() {
    }

    public static String fingerprint(InternalOAuthConfig config) {
        return String.join("|", String.valueOf(config.issuer()), String.valueOf(config.clientId()),
                String.join(" ", config.scopes().stream().sorted().toList()), String.valueOf(config.audience()));
    }
}

package com.oauthconfig.token.peers;

import com.oauthconfig.common.http.Origins;
import com.oauthconfig.contracts.config.Endpoints;
import com.oauthconfig.contracts.config.InternalOAuthConfig;

/**
 * What a user consented to when signing in with a config, and where their tokens may go: issuer,
 * client, scopes, audience and the origin (scheme, host, port) of every explicit endpoint this
 * service talks to. When any of these change, stored user tokens no longer match the config: they
 * are never sent to the new origin and the user must sign in again.
 */
public final class Consent {

    private Consent() {
    }

    public static String fingerprint(InternalOAuthConfig config) {
        Endpoints ep = config.endpoints();
        return String.join("|", String.valueOf(config.issuer()), String.valueOf(config.clientId()),
                String.join(" ", config.scopes().stream().sorted().toList()), String.valueOf(config.audience()),
                String.valueOf(Origins.of(ep.authorization())), String.valueOf(Origins.of(ep.token())),
                String.valueOf(Origins.of(ep.revocation())), String.valueOf(Origins.of(ep.userinfo())),
                String.valueOf(Origins.of(ep.jwks())), String.valueOf(Origins.of(ep.endSession())));
    }
}

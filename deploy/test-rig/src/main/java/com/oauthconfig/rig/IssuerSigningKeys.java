package com.oauthconfig.rig;

import com.nimbusds.jose.jwk.JWK;
import no.nav.security.mock.oauth2.token.KeyProvider;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The provider's signing keys, one per issuer, made on first use; it knows which issuers have one. */
final class IssuerSigningKeys extends KeyProvider {

    private final Set<String> keyed = ConcurrentHashMap.newKeySet();

    @Override
    public JWK signingKey(String issuerId) {
        JWK key = super.signingKey(issuerId);
        keyed.add(issuerId);
        return key;
    }

    boolean has(String issuerId) {
        return keyed.contains(issuerId);
    }
}

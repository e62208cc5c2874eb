package com.oauthconfig.common.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs first on every verified bearer token, whether quarkus-oidc just verified it or
 * {@link VerifiedTokenCache} remembered it: the key that signed it must still be published by the
 * platform issuer ({@link PlatformSigningKeys}). A token without a key id is refused, since nothing
 * could tell whether its key was withdrawn.
 */
@ApplicationScoped
public class PlatformKeyCheck implements SecurityIdentityAugmentor {

    private final PlatformSigningKeys keys;

    public PlatformKeyCheck(PlatformSigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        TokenCredential credential = identity.getCredential(TokenCredential.class);
        if (credential == null || identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        return verify(credential.getToken()).replaceWith(identity);
    }

    /** Fails with 401 unless the token's signing key is published by the platform issuer now. */
    public Uni<Void> verify(String token) {
        return keys.trusts(PlatformSigningKeys.keyIdOf(token)).map(trusted -> {
            if (!trusted) {
                throw new AuthenticationFailedException("the token's signing key is not published by the platform issuer");
            }
            return null;
        });
    }
}

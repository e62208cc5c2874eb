package com.oauthconfig.common.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** Runs after every other augmentor and remembers the finished identity of a verified bearer token. */
@ApplicationScoped
public class VerifiedTokenRecorder implements SecurityIdentityAugmentor {

    private final VerifiedTokenCache cache;

    public VerifiedTokenRecorder(VerifiedTokenCache cache) {
        this.cache = cache;
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        TokenCredential credential = identity.getCredential(TokenCredential.class);
        if (credential != null && identity.getAttribute(VerifiedTokenCache.SERVED_FROM_CACHE) == null) {
            cache.remember(credential.getToken(), identity, Instant.now());
        }
        return Uni.createFrom().item(identity);
    }
}

package com.oauthconfig.common.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Asked before quarkus-oidc's provider: answers a bearer token it finds in {@link VerifiedTokenCache},
 * and otherwise says nothing, so OIDC verifies the token as usual (and
 * {@link VerifiedTokenRecorder} remembers the result).
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final VerifiedTokenCache cache;

    public CachedTokenIdentityProvider(VerifiedTokenCache cache) {
        this.cache = cache;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        // Higher is asked first; quarkus-oidc's provider has SYSTEM_FIRST + 1.
        return SYSTEM_FIRST + 1000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        SecurityIdentity cached = cache.lookup(request.getToken().getToken(), Instant.now());
        if (cached == null) {
            return Uni.createFrom().nullItem();
        }
        // The verified identity carries the routing context of the request that verified it; give it this one.
        RoutingContext current = HttpSecurityUtils.getRoutingContextAttribute(request);
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(cached)
                .addAttribute(RoutingContext.class.getName(), current)
                .addAttribute(VerifiedTokenCache.SERVED_FROM_CACHE, Boolean.TRUE)
                .build());
    }
}

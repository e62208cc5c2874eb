package com.oauthconfig.common.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Set;

/**
 * Asked before quarkus-oidc's bearer mechanism: a bearer token found in {@link VerifiedTokenCache}
 * becomes its remembered identity here, so quarkus-oidc never sees it (it would decode and parse the
 * token's claims to tell a JWT from an opaque token on every request, before any cache could
 * answer). The identity still goes through the identity-provider manager, so every augmentor runs
 * on it as on a freshly verified one, {@link PlatformKeyCheck} first. Any other request (no bearer
 * token, or one this replica has not verified) gets no answer here, and quarkus-oidc verifies it
 * as usual; {@link VerifiedTokenRecorder} then remembers the result.
 */
@ApplicationScoped
public class CachedBearerMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "bearer ";

    private final VerifiedTokenCache cache;

    public CachedBearerMechanism(VerifiedTokenCache cache) {
        this.cache = cache;
    }

    /** An identity verified earlier for the very token of this request. */
    static final class VerifiedBearerRequest extends BaseAuthenticationRequest {
        final SecurityIdentity verified;

        VerifiedBearerRequest(SecurityIdentity verified) {
            this.verified = verified;
        }
    }

    /** Hands the remembered identity on, carrying this request's routing context and marked as served from the cache. */
    @ApplicationScoped
    public static class Provider implements IdentityProvider<VerifiedBearerRequest> {
        @Override
        public Class<VerifiedBearerRequest> getRequestType() {
            return VerifiedBearerRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(VerifiedBearerRequest request, AuthenticationRequestContext context) {
            // The remembered identity carries the routing context of the request that verified it; give it this one.
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder(request.verified)
                    .addAttribute(RoutingContext.class.getName(), HttpSecurityUtils.getRoutingContextAttribute(request))
                    .addAttribute(VerifiedTokenCache.SERVED_FROM_CACHE, Boolean.TRUE)
                    .build());
        }
    }

    @Override
    public int getPriority() {
        // Higher is asked first; quarkus-oidc's mechanism has DEFAULT_PRIORITY + 1.
        return DEFAULT_PRIORITY + 1000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        SecurityIdentity verified = token == null ? null : cache.lookup(token, Instant.now());
        if (verified == null) {
            return Uni.createFrom().nullItem();
        }
        VerifiedBearerRequest request = new VerifiedBearerRequest(verified);
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identities.authenticate(request);
    }

    /** The token of an {@code Authorization: Bearer} header (scheme matched case-insensitively), or null. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        // quarkus-oidc's mechanism answers the challenge.
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return Uni.createFrom().item(false);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(VerifiedBearerRequest.class);
    }
}

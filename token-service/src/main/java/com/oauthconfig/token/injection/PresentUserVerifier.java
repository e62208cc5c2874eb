package com.oauthconfig.token.injection;

import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.PlatformKeyCheck;
import com.oauthconfig.common.security.Roles;
import com.oauthconfig.common.security.VerifiedTokenCache;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;

/**
 * Proof that the end user is present: the function runtime forwards the user's own platform
 * token in {@value #HEADER}, and it is verified exactly like the bearer token of any request
 * (quarkus-oidc's default tenant: the platform issuer's keys, {@code exp}, audience
 * {@code oauth-platform}; a token verified before is found in common's {@link VerifiedTokenCache}).
 * The organisation and user a call acts for come from this token alone. A person's token of an
 * organisation is required: a service token or a token of no organisation is refused.
 */
@ApplicationScoped
public class PresentUserVerifier {

    public static final String HEADER = "X-User-Token";

    private final TenantIdentityProvider oidc;
    private final VerifiedTokenCache verified;
    private final PlatformKeyCheck keyCheck;

    public PresentUserVerifier(TenantIdentityProvider oidc, VerifiedTokenCache verified, PlatformKeyCheck keyCheck) {
        this.oidc = oidc;
        this.verified = verified;
        this.keyCheck = keyCheck;
    }

    /** The user of the token; fails with 401 (missing, forged, expired) or 403 (not a person of an organisation). */
    public Uni<PresentUser> verify(String userToken) {
        if (userToken == null || userToken.isBlank()) {
            return Uni.createFrom().failure(new AuthenticationFailedException(HEADER + " is required"));
        }
        String token = userToken.startsWith("Bearer ") ? userToken.substring("Bearer ".length()).trim() : userToken.trim();
        SecurityIdentity cached = verified.lookup(token, Instant.now());
        Uni<SecurityIdentity> identity = cached != null ? Uni.createFrom().item(cached)
                : oidc.authenticate(new AccessTokenCredential(token))
                        .invoke(i -> verified.remember(token, i, Instant.now()))
                        // Whatever verification threw (bad signature, expiry, unknown key), the answer is the same 401.
                        .onFailure(f -> !(f instanceof AuthenticationFailedException))
                        .transform(f -> new AuthenticationFailedException(HEADER + " is not a valid platform token"));
        // Verified here, not by the request's authentication, so the signing-key check is applied here too.
        return identity.call(i -> keyCheck.verify(token)).map(PresentUserVerifier::user);
    }

    private static PresentUser user(SecurityIdentity identity) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getSubject() == null) {
            throw new AuthenticationFailedException(HEADER + " is not a valid platform token");
        }
        Object org = jwt.getClaim(Caller.ORG_CLAIM);
        String orgId = org instanceof JsonString s ? s.getString() : org == null ? null : org.toString();
        boolean person = identity.hasRole(Roles.MEMBER) || identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.OWNER);
        if (orgId == null || orgId.isBlank() || !person || identity.hasRole(Roles.SERVICE)) {
            throw Problems.forbidden(HEADER + " must be the token of a member of an organisation");
        }
        return new PresentUser(orgId, jwt.getSubject());
    }
}

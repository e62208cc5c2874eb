package com.oauthconfig.common.security;

import com.oauthconfig.common.telemetry.LogContextFilter;
import com.oauthconfig.common.problem.Problems;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/**
 * Who is calling, from the verified platform token: subject, organisation, roles and, for
 * platform services, the calling client.
 *
 * <p>Object-level authorization lives here so every endpoint applies it the same way: a caller
 * of another organisation is told "not found" (404), never "forbidden", so it cannot learn
 * which ids exist elsewhere; a caller of the right organisation without the role gets 403.
 *
 * <p>SUPPORT is platform staff acting for any organisation, so it counts only in tokens of the
 * platform's own staff organisation ({@code platform-auth.staff-org-id}); a customer's identity
 * provider that puts SUPPORT into a customer token grants nothing by it. Without the setting
 * nobody holds SUPPORT.
 */
@RequestScoped
public class Caller {

    public static final String ORG_CLAIM = "org_id";
    /** Authorized party (OIDC): the client the token was issued to; Keycloak and Entra put the client id here. */
    public static final String AUTHORIZED_PARTY_CLAIM = "azp";
    /** RFC 9068 / RFC 8693: the client id of a JWT access token. */
    public static final String CLIENT_ID_CLAIM = "client_id";

    private final SecurityIdentity identity;
    private final JsonWebToken token;
    private final Optional<String> staffOrgId;

    /**
     * The token is the identity's own principal (a verified bearer token's is its JsonWebToken), not
     * an injected {@code JsonWebToken}: that is a request-scoped bean of its own, made on every request.
     */
    @Inject
    public Caller(SecurityIdentity identity, StaffOrganisation staff) {
        this.identity = identity;
        this.token = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt : null;
        this.staffOrgId = staff.id();
    }

    public boolean isAuthenticated() {
        return !identity.isAnonymous();
    }

    public String subject() {
        requireAuthenticated();
        return token != null && token.getSubject() != null ? token.getSubject() : identity.getPrincipal().getName();
    }

    /** The caller's organisation; also put into the request's logging context (MDC {@code orgId}). */
    public Optional<String> orgId() {
        Optional<String> org = claim(ORG_CLAIM);
        org.ifPresent(LogContextFilter::organisation);
        return org;
    }

    /**
     * The platform client that obtained the token: {@code azp}, else {@code client_id}. Never the
     * subject, which some issuers fill with a service-account UUID. Empty for anonymous callers
     * and tokens naming no client.
     */
    public Optional<String> clientId() {
        return claim(AUTHORIZED_PARTY_CLAIM).or(() -> claim(CLIENT_ID_CLAIM));
    }

    /** Whether the token carries the role and, for SUPPORT, comes from the platform's staff organisation. */
    public boolean hasRole(String role) {
        if (!identity.hasRole(role)) {
            return false;
        }
        return !Roles.SUPPORT.equals(role) || staffOrgId.isPresent() && staffOrgId.equals(orgId());
    }

    /**
     * Lets the call through when the caller belongs to {@code orgId} and holds one of
     * {@code roles}; otherwise 404 for another organisation and 403 for a missing role.
     */
    public void requireOrgRole(String orgId, String what, String... roles) {
        requireAuthenticated();
        if (!orgId.equals(orgId().orElse(null))) {
            throw Problems.notFound(what);
        }
        if (Arrays.stream(roles).noneMatch(this::hasRole)) {
            throw Problems.forbidden("this needs one of the roles " + String.join(", ", roles));
        }
    }

    /** Only platform services (client-credentials tokens with the service role); people get 403. */
    public void requireService() {
        requireAuthenticated();
        if (!identity.hasRole(Roles.SERVICE)) {
            throw Problems.forbidden("this endpoint is for platform services only");
        }
    }

    /**
     * Only the named platform clients (matched on {@link #clientId()}) with the service role;
     * people and every other service get 403.
     */
    public void requireServiceClient(Collection<String> allowedClientIds) {
        requireService();
        if (clientId().filter(allowedClientIds::contains).isEmpty()) {
            throw Problems.forbidden("this endpoint is not open to this platform client");
        }
    }

    private Optional<String> claim(String name) {
        Object value = token != null && isAuthenticated() ? token.getClaim(name) : null;
        return Optional.ofNullable(value).map(o -> o instanceof jakarta.json.JsonString s ? s.getString() : o.toString());
    }

    private void requireAuthenticated() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
    }
}

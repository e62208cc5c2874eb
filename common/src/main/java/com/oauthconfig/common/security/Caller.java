package com.oauthconfig.common.security;

import com.oauthconfig.common.problem.Problems;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who is calling, from the verified platform token: subject, organisation and roles.
 *
 * <p>Object-level authorization lives here so every endpoint applies it the same way: a caller
 * of another organisation is told "not found" (404), never "forbidden", so it cannot learn
 * which ids exist elsewhere; a caller of the right organisation without the role gets 403.
 */
@RequestScoped
public class Caller {

    public static final String ORG_CLAIM = "org_id";
    /** The OAuth client the token was issued to (OpenID Connect; Keycloak, Auth0, Entra v2). */
    public static final String AUTHORIZED_PARTY_CLAIM = "azp";
    /** The same, as RFC 9068 (JWT access tokens) and RFC 8693 name it. */
    public static final String CLIENT_ID_CLAIM = "client_id";

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    @Inject
    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    public boolean isAuthenticated() {
        return !identity.isAnonymous();
    }

    public String subject() {
        requireAuthenticated();
        return token.getSubject() != null ? token.getSubject() : identity.getPrincipal().getName();
    }

    /**
     * The client id of the OAuth client the token was issued to: its {@code azp} claim, else its
     * {@code client_id} claim, else empty. Never {@code sub}, {@code upn} or
     * {@code preferred_username}: on many issuers a service account's {@code sub} is a UUID, and a
     * person's name could equal a client id, so an allow-list of clients matched on them would let
     * the wrong caller in. A token without either claim names no client.
     */
    public Optional<String> clientId() {
        requireAuthenticated();
        return claim(AUTHORIZED_PARTY_CLAIM).or(() -> claim(CLIENT_ID_CLAIM));
    }

    private Optional<String> claim(String name) {
        Object value = token.getClaim(name);
        return Optional.ofNullable(value).map(o -> o instanceof jakarta.json.JsonString s ? s.getString() : o.toString())
                .filter(v -> !v.isBlank());
    }

    public Optional<String> orgId() {
        Object org = isAuthenticated() ? token.getClaim(ORG_CLAIM) : null;
        return Optional.ofNullable(org).map(o -> o instanceof jakarta.json.JsonString s ? s.getString() : o.toString());
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
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
        if (Arrays.stream(roles).noneMatch(identity::hasRole)) {
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

    private void requireAuthenticated() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
    }
}

package com.oauthconfig.token.signin;

import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.ratelimit.RateLimits;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A user's sign-in to a config: start it (the provider URL) and sign out. */
@Authenticated
@Path("/api/orgs/{orgId}/oauth-configs/{configId}")
@Produces(MediaType.APPLICATION_JSON)
public class SignInResource {

    /** Optional choices of the caller when starting a sign-in. */
    public record AuthorizeRequest(String redirectUrl, String loginHint, String prompt) {
    }

    /** The provider URL to open in the user's browser; it carries state, nonce and the PKCE challenge. */
    public record AuthorizeResponse(String authorizationUrl, Instant expiresAt) {
    }

    private final SignInService signIn;
    private final SignOutService signOut;
    private final Caller caller;
    private final RateLimits rateLimits;
    private final JsonWebToken token;

    public SignInResource(SignInService signIn, SignOutService signOut, Caller caller, RateLimits rateLimits, JsonWebToken token) {
        this.token = token;
        this.signIn = signIn;
        this.signOut = signOut;
        this.caller = caller;
        this.rateLimits = rateLimits;
    }

    @POST
    @Path("/authorize")
    @Operation(summary = "Starts a user's sign-in at the configuration's provider: answers the authorization URL (state, nonce, PKCE S256) to open in the browser")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<AuthorizeResponse>> authorize(@PathParam("orgId") String orgId, @PathParam("configId") String configId,
                                                          AuthorizeRequest body) {
        caller.requireOrgRole(orgId, "OAuth configuration", Roles.MEMBER, Roles.ADMIN, Roles.OWNER);
        // Every attempt counts, valid or not: each one costs a config read, a provider discovery and a state row.
        rateLimits.signInStart(orgId + "|" + caller.subject());
        RequestParams.uuid("configId", configId);
        AuthorizeRequest req = body == null ? new AuthorizeRequest(null, null, null) : body;
        return signIn.start(orgId, configId, caller.subject(), req.redirectUrl(), req.loginHint(), req.prompt(),
                        this::stringClaim)
                // The URL carries the single-use state: no browser, proxy or CDN may keep a copy.
                .map(s -> RestResponse.ResponseBuilder.ok(new AuthorizeResponse(s.authorizationUrl(), s.expiresAt()))
                        .header("Cache-Control", "no-store").build());
    }

    /** A string claim of the caller's platform token (the login-hint template's source), or null. */
    private String stringClaim(String name) {
        Object value = token.getClaim(name);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value instanceof String s ? s : null;
    }

    /** Revokes the caller's tokens for this config at the provider and deletes them here; 204 either way. */
    @DELETE
    @Path("/tokens/me")
    @Operation(summary = "Signs the caller out of the configuration's provider: revokes the stored tokens there and deletes them here")
    public Uni<Response> signOut(@PathParam("orgId") String orgId, @PathParam("configId") String configId) {
        caller.requireOrgRole(orgId, "OAuth configuration", Roles.MEMBER, Roles.ADMIN, Roles.OWNER);
        RequestParams.uuid("configId", configId);
        return signOut.signOut(orgId, configId, caller.subject()).map(o -> Response.noContent().build());
    }
}

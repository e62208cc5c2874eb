package com.oauthconfig.token.rest;

import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.Roles;
import com.oauthconfig.token.service.ConfigCheckService;
import com.oauthconfig.token.service.SignInService;
import com.oauthconfig.token.service.SignOutService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
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

/** A user's sign-in to a config (start, sign-out) and the admin's live config check. */
@Authenticated
@Path("/api/orgs/{orgId}/oauth-configs/{configId}")
@Produces(MediaType.APPLICATION_JSON)
public class OAuthConfigTokenResource {

    /** Optional choices of the caller when starting a sign-in. */
    public record AuthorizeRequest(String redirectUrl, String loginHint, String prompt) {
    }

    /** The provider URL to open in the user's browser; it carries state, nonce and the PKCE challenge. */
    public record AuthorizeResponse(String authorizationUrl, Instant expiresAt) {
    }

    private final SignInService signIn;

    private final SignOutService signOut;
    private final ConfigCheckService check;
    private final Caller caller;

    public OAuthConfigTokenResource(SignInService signIn, SignOutService signOut, ConfigCheckService check, Caller caller) {
        this.signIn = signIn;
        this.signOut = signOut;
        this.check = check;
        this.caller = caller;
    }

    @POST
    @Path("/authorize")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<AuthorizeResponse>> authorize(@PathParam("orgId") String orgId, @PathParam("configId") String configId,
                                                          AuthorizeRequest body) {
        caller.requireOrgRole(orgId, "OAuth configuration", Roles.MEMBER, Roles.ADMIN, Roles.OWNER);
        Ids.requireConfigId(configId);
        AuthorizeRequest req = body == null ? new AuthorizeRequest(null, null, null) : body;
        return signIn.start(orgId, configId, caller.subject(), req.redirectUrl(), req.loginHint(), req.prompt())
                // The URL carries the single-use state: no browser, proxy or CDN may keep a copy.
                .map(s -> RestResponse.ResponseBuilder.ok(new AuthorizeResponse(s.authorizationUrl(), s.expiresAt()))
                        .header("Cache-Control", "no-store").build());
    }

    /** Revokes the caller's tokens for this config at the provider and deletes them here; 204 either way. */
    @DELETE
    @Path("/tokens/me")
    public Uni<Response> signOut(@PathParam("orgId") String orgId, @PathParam("configId") String configId) {
        caller.requireOrgRole(orgId, "OAuth configuration", Roles.MEMBER, Roles.ADMIN, Roles.OWNER);
        Ids.requireConfigId(configId);
        return signOut.signOut(orgId, configId, caller.subject()).map(o -> Response.noContent().build());
    }

    @POST
    @Path("/check")
    public Uni<ConfigCheckService.Report> check(@PathParam("orgId") String orgId, @PathParam("configId") String configId) {
        caller.requireOrgRole(orgId, "OAuth configuration", Roles.ADMIN, Roles.OWNER);
        Ids.requireConfigId(configId);
        return check.check(orgId, configId);
    }
}

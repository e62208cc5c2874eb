package com.oauthconfig.config.rest;

import com.oauthconfig.common.ratelimit.RateLimits;
import com.oauthconfig.config.service.SsoService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sign-in options for the login screen. Public (the user has no token yet), so it returns only
 * what a login button needs; an unknown organisation simply has no options.
 */
@Path("/api/orgs/{orgId}/sso/providers")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Single sign-on")
public class SsoResource {

    private final SsoService sso;
    private final RateLimits rateLimits;

    public SsoResource(SsoService sso, RateLimits rateLimits) {
        this.sso = sso;
        this.rateLimits = rateLimits;
    }

    @GET
    @Operation(summary = "SSO configurations a user of this e-mail may sign in with",
            description = "Exact domain matches first, then subdomain wildcards (*.example.com), then '*'")
    @APIResponse(responseCode = "429", description = "Too many look-ups from this client address; Retry-After says when to try again")
    public Uni<SsoProvidersResponse> providers(@PathParam("orgId") String orgId, @QueryParam("email") String email) {
        // Public: without a limit anyone could enumerate organisations' providers and domains at will.
        rateLimits.ssoLookup();
        return sso.providersFor(orgId, email).map(list -> new SsoProvidersResponse(list.stream()
                .map(c -> new SsoProviderResponse(c.id.toString(), c.name, c.imageUrl, c.type, c.loginHint))
                .toList()));
    }
}

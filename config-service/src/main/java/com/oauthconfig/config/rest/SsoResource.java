package com.oauthconfig.config.rest;

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

    public SsoResource(SsoService sso) {
        this.sso = sso;
    }

    @GET
    @Operation(summary = "SSO configurations a user of this e-mail may sign in with",
            description = "Exact domain matches first, then subdomain wildcards (*.example.com), then '*'")
    public Uni<SsoProvidersResponse> providers(@PathParam("orgId") String orgId, @QueryParam("email") String email) {
        return sso.providersFor(orgId, email).map(list -> new SsoProvidersResponse(list.stream()
                .map(c -> new SsoProviderResponse(c.id.toString(), c.name, c.imageUrl, c.type, c.loginHint))
                .toList()));
    }
}

package com.oauthconfig.token.homehub;

import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

/**
 * The Home Hub's question when an app opens: which of this solution's credentials is the signed-in
 * user signed in to, and where to start each missing sign-in. Members see a config's name, image and
 * type here and nothing else of it.
 */
@Authenticated
@Path("/api/orgs/{orgId}/solutions/{solutionId}/sign-in-status")
@Produces(MediaType.APPLICATION_JSON)
public class SignInStatusResource {

    public record SignInStatusResponse(String solutionId, List<SignInStatusService.Entry> items) {
    }

    private final SignInStatusService service;
    private final Caller caller;

    public SignInStatusResource(SignInStatusService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The caller's sign-in state for every credential the solution needs (MEMBER, ADMIN, OWNER)",
            description = "One item per OAuth alias of the solution, then per config title declared for it or used by its "
                    + "functions: configId, title or aliasName, name, imageUrl, type, status (SIGNED_IN, NOT_SIGNED_IN, "
                    + "REFRESH_FAILED, REVOKED, CONSENT_REQUIRED, SIGN_IN_DENIED, CONFIG_REMOVED, ALIAS_BROKEN), "
                    + "accessExpiresAt, authorizePath (POST with the user's token to start a sign-in). Calls no provider.")
    @APIResponse(responseCode = "200", description = "The solution's required credentials and the caller's state for each")
    @APIResponse(responseCode = "503", description = "credential-alias-service or config-service unavailable (problem+json naming it)")
    public Uni<SignInStatusResponse> status(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId) {
        caller.requireOrgRole(orgId, "solution", Roles.MEMBER, Roles.ADMIN, Roles.OWNER);
        RequestParams.solutionId(solutionId);
        return service.status(orgId, solutionId, caller.subject()).map(items -> new SignInStatusResponse(solutionId, items));
    }
}

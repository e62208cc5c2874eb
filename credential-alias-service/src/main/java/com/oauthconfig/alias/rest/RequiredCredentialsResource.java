package com.oauthconfig.alias.rest;

import com.oauthconfig.alias.service.RequiredCredentialsService;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The configuration titles an ADMIN declares a solution needs, besides its OAuth aliases: the Home
 * Hub asks users to sign in to each before a function first needs it.
 */
@Path("/api/orgs/{orgId}/solutions/{solutionId}/required-credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Solution credentials")
@SecurityRequirement(name = "platform-token")
public class RequiredCredentialsResource {

    /** The declared titles; a PUT replaces them all (an empty list declares none). */
    public record RequiredTitles(List<String> titles) {
    }

    /** The solution and its declared titles, sorted. */
    public record RequiredTitlesResponse(String solutionId, List<String> titles) {
    }

    private final RequiredCredentialsService service;
    private final Caller caller;
    private final Params params;

    public RequiredCredentialsResource(RequiredCredentialsService service, Caller caller, Params params) {
        this.service = service;
        this.caller = caller;
        this.params = params;
    }

    @GET
    @Operation(summary = "The configuration titles declared for the solution")
    public Uni<RequiredTitlesResponse> get(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId) {
        caller.requireOrgRole(orgId, "solution", Roles.ADMIN, Roles.OWNER);
        String solution = params.solutionId(solutionId);
        return service.titles(orgId, solution).map(t -> new RequiredTitlesResponse(solution, t));
    }

    @PUT
    @Operation(summary = "Replace the configuration titles declared for the solution (at most 50)")
    @APIResponse(responseCode = "200", description = "The titles now declared")
    @APIResponse(responseCode = "400", description = "A title that is not a configuration title (errors[].field titles[i])")
    public Uni<RequiredTitlesResponse> replace(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId,
                                               RequiredTitles body) {
        caller.requireOrgRole(orgId, "solution", Roles.ADMIN, Roles.OWNER);
        String solution = params.solutionId(solutionId);
        return service.replace(orgId, solution, body == null ? null : body.titles(), caller.subject())
                .map(t -> new RequiredTitlesResponse(solution, t));
    }
}

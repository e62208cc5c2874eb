package com.oauthconfig.alias.rest;

import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.service.CredentialService;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.contracts.alias.AliasResolution;
import com.oauthconfig.contracts.alias.AliasStatus;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Resolution of a solution credential name, for the token-service only ({@code alias.callers.resolve}). */
@Path(AliasResolution.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Internal")
@SecurityRequirement(name = "platform-token")
public class ResolutionResource {

    private final CredentialService service;
    private final Caller caller;
    private final Params params;

    private final AliasServiceConfig config;

    public ResolutionResource(CredentialService service, Caller caller, Params params, AliasServiceConfig config) {
        this.service = service;
        this.caller = caller;
        this.params = params;
        this.config = config;
    }

    @GET
    @Operation(summary = "Resolve a credential name to its OAuth configuration; a BROKEN alias says so, with the reason")
    @APIResponse(responseCode = "200", description = "The target and its status")
    @APIResponse(responseCode = "404", description = "No credential of that name in the solution")
    public Uni<AliasResolution> resolve(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId,
                                           @QueryParam("name") String name) {
        caller.requireServiceClient(config.callers().resolve());
        if (name == null || name.isBlank()) {
            throw Problems.invalid("name", "is required");
        }
        return service.resolve(orgId, params.solutionId(solutionId), name)
                .map(found -> found.orElseThrow(() -> Problems.notFound("credential")))
                .map(c -> new AliasResolution(c.id, c.oauthConfigId, AliasStatus.valueOf(c.status.name()), c.brokenReason));
    }
}

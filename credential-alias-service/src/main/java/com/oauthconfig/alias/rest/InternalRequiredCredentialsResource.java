package com.oauthconfig.alias.rest;

import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.service.RequiredCredentialsService;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.alias.RequiredCredentials;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** A solution's OAuth aliases and declared titles, for the token-service's Home Hub status only ({@code alias.callers.resolve}). */
@Path(RequiredCredentials.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Internal")
@SecurityRequirement(name = "platform-token")
public class InternalRequiredCredentialsResource {

    private final RequiredCredentialsService service;
    private final Caller caller;
    private final Params params;
    private final AliasServiceConfig config;

    public InternalRequiredCredentialsResource(RequiredCredentialsService service, Caller caller, Params params,
                                               AliasServiceConfig config) {
        this.service = service;
        this.caller = caller;
        this.params = params;
        this.config = config;
    }

    @GET
    @Operation(summary = "The solution's OAuth aliases (by name) and the configuration titles declared for it")
    public Uni<RequiredCredentials> required(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId) {
        caller.requireServiceClient(config.callers().resolve());
        return service.required(orgId, params.solutionId(solutionId))
                .map(r -> new RequiredCredentials(r.aliases().stream()
                        .map(c -> new RequiredCredentials.Alias(c.name, c.oauthConfigId, AliasStatus.valueOf(c.status.name())))
                        .toList(), r.titles()));
    }
}

package com.oauthconfig.alias.rest;

import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.service.RequiredCredentialsService;
import com.oauthconfig.common.security.Caller;
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

import java.util.List;
import java.util.UUID;

/** A solution's OAuth aliases and declared titles, for the token-service's Home Hub status only ({@code alias.callers.resolve}). */
@Path("/internal/orgs/{orgId}/solutions/{solutionId}/required-credentials")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Internal")
@SecurityRequirement(name = "platform-token")
public class InternalRequiredCredentialsResource {

    /** An OAuth alias of the solution: its name, target and status (OK or BROKEN). */
    public record Alias(String name, UUID oauthConfigId, String status) {
    }

    public record RequiredCredentials(List<Alias> aliases, List<String> titles) {
    }

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
                        .map(c -> new Alias(c.name, c.oauthConfigId, c.status.name())).toList(), r.titles()));
    }
}

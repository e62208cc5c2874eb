package com.oauthconfig.alias.rest;

import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.service.CredentialService;
import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.http.RequestParams.Paging;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.Roles;
import com.oauthconfig.contracts.alias.AliasReferencePage;
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

/** "Where is this configuration used?" — asked by admins and by the config-service before a removal. */
@Path(AliasReferencePage.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "References")
@SecurityRequirement(name = "platform-token")
public class ReferenceResource {

    private final CredentialService service;
    private final Caller caller;
    private final Params params;

    private final AliasServiceConfig config;

    public ReferenceResource(CredentialService service, Caller caller, Params params, AliasServiceConfig config) {
        this.service = service;
        this.caller = caller;
        this.params = params;
        this.config = config;
    }

    @GET
    @Operation(summary = "Every solution credential pointing at the configuration, paged (ADMIN/OWNER of the org, or the config-service)")
    @APIResponse(responseCode = "200", description = "One page, ordered by solution and name")
    public Uni<AliasReferencePage> references(@PathParam("orgId") String orgId, @PathParam("configId") String configId,
                                                           @QueryParam("page") String page, @QueryParam("size") String size) {
        // The config-service asks for any organisation before a removal; people only inside their own.
        if (caller.hasRole(Roles.SERVICE)) {
            caller.requireServiceClient(config.callers().references());
        } else {
            caller.requireOrgRole(orgId, "oauth configuration", Roles.ADMIN, Roles.OWNER);
        }
        Paging paging = params.paging(page, size);
        return service.references(orgId, RequestParams.uuid("configId", configId), paging.page(), paging.size())
                .map(p -> new AliasReferencePage(p.items().stream()
                        .map(c -> new AliasReferencePage.Reference(c.solutionId, c.id, c.name, AliasStatus.valueOf(c.status.name())))
                        .toList(), p.page(), p.size(), p.total()));
    }
}

package com.oauthconfig.config.rest;

import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.Roles;
import com.oauthconfig.config.repository.OrganisationEntity;
import com.oauthconfig.config.service.DomainService;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An organisation's registered e-mail domains. Its ADMIN/OWNER may read them; only platform
 * support (role SUPPORT, platform staff acting for any organisation) may change them — the
 * product's "contact support to add a domain".
 */
@Path("/api/orgs/{orgId}/domains")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Organisation domains")
public class DomainResource {

    private static final String WHAT = "organisation";

    private final DomainService domains;
    private final Caller caller;

    public DomainResource(DomainService domains, Caller caller) {
        this.domains = domains;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The organisation's registered domains", description = "ADMIN/OWNER of the organisation, or SUPPORT")
    public Uni<DomainsResponse> get(@PathParam("orgId") String orgId) {
        if (!caller.hasRole(Roles.SUPPORT)) {
            caller.requireOrgRole(orgId, WHAT, Roles.ADMIN, Roles.OWNER);
        }
        return domains.get(orgId).map(DomainResource::toResponse);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the registered domains (SUPPORT only)")
    @APIResponse(responseCode = "200", description = "Replaced")
    @APIResponse(responseCode = "409", description = "A domain to drop is still used by OAuth configurations (listed in 'usedBy')")
    public Uni<DomainsResponse> replace(@PathParam("orgId") String orgId, DomainsRequest body) {
        if (!caller.hasRole(Roles.SUPPORT)) {
            // Same organisation without the role: 403; another organisation: 404.
            caller.requireOrgRole(orgId, WHAT, Roles.SUPPORT);
        }
        return domains.replace(orgId, body == null ? null : body.domains(), caller.subject()).map(DomainResource::toResponse);
    }

    private static DomainsResponse toResponse(OrganisationEntity o) {
        return new DomainsResponse(o.orgId, o.domains, o.updatedBy, o.updatedAt);
    }
}

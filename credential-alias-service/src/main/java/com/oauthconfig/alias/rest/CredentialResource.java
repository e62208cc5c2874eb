package com.oauthconfig.alias.rest;

import com.oauthconfig.alias.repository.SolutionCredential;
import com.oauthconfig.alias.service.CredentialCommand;
import com.oauthconfig.alias.service.CredentialService;
import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.http.RequestParams.Paging;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Solution credentials of an organisation; ADMIN and OWNER of the organisation manage them. */
@Path("/api/orgs/{orgId}/solutions/{solutionId}/credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Solution credentials")
@SecurityRequirement(name = "platform-token")
public class CredentialResource {

    private static final String WHAT = "credential";

    private final CredentialService service;
    private final Caller caller;
    private final Params params;

    public CredentialResource(CredentialService service, Caller caller, Params params) {
        this.service = service;
        this.caller = caller;
        this.params = params;
    }

    @GET
    @Operation(summary = "List the solution's credentials, optionally only BROKEN (or OK) ones")
    @APIResponse(responseCode = "200", description = "One page, ordered by name")
    public Uni<PageResponse<CredentialResponse>> list(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId,
                                                      @Parameter(description = "OK or BROKEN") @QueryParam("status") String status,
                                                      @Parameter(description = "Page number from 0") @QueryParam("page") String page,
                                                      @Parameter(description = "Page size") @QueryParam("size") String size) {
        authorize(orgId);
        Paging paging = params.paging(page, size);
        return service.list(orgId, params.solutionId(solutionId), params.status(status), paging.page(), paging.size())
                .map(p -> new PageResponse<>(p.items().stream().map(CredentialResponse::of).toList(), p.page(), p.size(), p.total()));
    }

    @POST
    @Operation(summary = "Create a credential; an OAUTH_ALIAS target is checked with the config-service")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid field, or oauthConfigId is not a configuration of this organisation")
    @APIResponse(responseCode = "409", description = "The name is taken in the solution")
    @APIResponse(responseCode = "503", description = "The config-service is unavailable; nothing was stored")
    public Uni<Response> create(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId,
                                CredentialRequest body, @Context UriInfo uri) {
        authorize(orgId);
        return service.create(orgId, params.solutionId(solutionId), command(body))
                .map(c -> withTag(Response.created(uri.getAbsolutePathBuilder().path(c.id.toString()).build()), c).build());
    }

    @GET
    @Path("/{credentialId}")
    @Operation(summary = "Read a credential")
    @APIResponse(responseCode = "200", description = "The credential, with an ETag of its version")
    @APIResponse(responseCode = "404", description = "No such credential in this solution")
    public Uni<Response> get(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId,
                             @PathParam("credentialId") String credentialId) {
        authorize(orgId);
        return service.get(orgId, params.solutionId(solutionId), RequestParams.uuid("credentialId", credentialId))
                .map(c -> withTag(Response.ok(), c).build());
    }

    @PUT
    @Path("/{credentialId}")
    @Operation(summary = "Replace a credential; pointing a BROKEN alias at an existing configuration repairs it")
    @APIResponse(responseCode = "200", description = "Updated")
    @APIResponse(responseCode = "409", description = "The name is taken, or the credential changed meanwhile")
    @APIResponse(responseCode = "412", description = "If-Match does not match the current version")
    @APIResponse(responseCode = "503", description = "The config-service is unavailable; nothing was changed")
    public Uni<Response> update(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId,
                                @PathParam("credentialId") String credentialId,
                                @Parameter(description = "Optional ETag from a read: the update applies only to that version")
                                @HeaderParam("If-Match") String ifMatch, CredentialRequest body) {
        authorize(orgId);
        return service.update(orgId, params.solutionId(solutionId), RequestParams.uuid("credentialId", credentialId), command(body), version(ifMatch))
                .map(c -> withTag(Response.ok(), c).build());
    }

    @DELETE
    @Path("/{credentialId}")
    @Operation(summary = "Delete a credential")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId,
                                @PathParam("credentialId") String credentialId) {
        authorize(orgId);
        return service.delete(orgId, params.solutionId(solutionId), RequestParams.uuid("credentialId", credentialId))
                .map(v -> Response.noContent().build());
    }

    private void authorize(String orgId) {
        caller.requireOrgRole(orgId, WHAT, Roles.ADMIN, Roles.OWNER);
    }

    private static CredentialCommand command(CredentialRequest body) {
        if (body == null) {
            throw Problems.invalid("name", "a JSON body with name, type and oauthConfigId is required");
        }
        return new CredentialCommand(body.name(), body.type(), body.oauthConfigId());
    }

    private static Response.ResponseBuilder withTag(Response.ResponseBuilder r, SolutionCredential c) {
        return r.entity(CredentialResponse.of(c)).tag(new EntityTag(Long.toString(c.version)));
    }

    private static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw Problems.preconditionFailed("If-Match does not name a version of this credential");
        }
    }
}

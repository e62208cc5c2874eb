package com.oauthconfig.token.check;

import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.Roles;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The admin's live check of a config against its provider. */
@Authenticated
@Path("/api/orgs/{orgId}/oauth-configs/{configId}")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigCheckResource {

    private final ConfigCheckService check;
    private final Caller caller;

    public ConfigCheckResource(ConfigCheckService check, Caller caller) {
        this.check = check;
        this.caller = caller;
    }

    @POST
    @Path("/check")
    @Operation(summary = "Checks a configuration live against its provider (discovery, endpoints, client) and reports findings")
    public Uni<ConfigCheckService.Report> check(@PathParam("orgId") String orgId, @PathParam("configId") String configId) {
        caller.requireOrgRole(orgId, "OAuth configuration", Roles.ADMIN, Roles.OWNER);
        RequestParams.uuid("configId", configId);
        return check.check(orgId, configId);
    }
}

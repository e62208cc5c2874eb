package com.oauthconfig.common.problem;

import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.Roles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.List;

/** Test-only endpoints that fail in each way the mapper must render. */
@Path("/test/problems")
public class ProblemTestResource {

    public enum Kind { GRAPH, OKTA }

    public record Body(String name, int count, Kind kind, List<String> tags) {
    }

    private final Caller caller;

    public ProblemTestResource(Caller caller) {
        this.caller = caller;
    }

    @POST
    public Body echo(Body body) {
        return body;
    }

    @GET
    @Path("/orgs/{orgId}")
    public String org(@PathParam("orgId") String orgId) {
        caller.requireOrgRole(orgId, "organisation", Roles.ADMIN, Roles.OWNER);
        return orgId;
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("internal detail: client_secret=hunter2");
    }
}

package com.oauthconfig.common.security;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import java.util.Map;
import java.util.TreeSet;

/** Test-only: what the platform token of this request says about its caller. */
@Authenticated
@Path("/test/whoami")
public class WhoAmIResource {

    private final Caller caller;
    private final SecurityIdentity identity;
    private final RoutingContext routing;

    public WhoAmIResource(Caller caller, SecurityIdentity identity, RoutingContext routing) {
        this.caller = caller;
        this.identity = identity;
        this.routing = routing;
    }

    @GET
    public Map<String, Object> whoami() {
        RoutingContext bound = identity.getAttribute(RoutingContext.class.getName());
        return Map.of("subject", caller.subject(), "orgId", caller.orgId().orElse(""),
                "roles", new TreeSet<>(identity.getRoles()),
                "sameRequest", bound != null && bound.request() == routing.request(),
                "support", caller.hasRole(Roles.SUPPORT), "clientId", caller.clientId().orElse(""));
    }
}

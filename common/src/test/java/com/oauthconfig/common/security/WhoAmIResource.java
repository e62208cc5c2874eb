package com.oauthconfig.common.security;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.TreeSet;

/** Test-only: what the platform token of this request says about its caller; logs one line per request (the log format's test reads it). */
@Authenticated
@Path("/test/whoami")
public class WhoAmIResource {

    private static final Logger LOG = Logger.getLogger(WhoAmIResource.class);

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
        Map<String, Object> answer = Map.of("subject", caller.subject(), "orgId", caller.orgId().orElse(""),
                "roles", new TreeSet<>(identity.getRoles()),
                "sameRequest", bound != null && bound.request() == routing.request(),
                "support", caller.hasRole(Roles.SUPPORT), "clientId", caller.clientId().orElse(""));
        LOG.info("whoami answered");
        return answer;
    }
}

package com.oauthconfig.config.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The token-service's usage records of a config (service-scoped: the config-service only). */
@RegisterRestClient(configKey = "token-service")
@Path("/internal/orgs/{orgId}/oauth-configs/{configId}/usage")
public interface TokenUsageClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<DirectUsePage> usage(@PathParam("orgId") String orgId, @PathParam("configId") String configId,
                             @QueryParam("since") String since, @HeaderParam("Authorization") String authorization);
}

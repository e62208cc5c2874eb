package com.oauthconfig.config.client;

import com.oauthconfig.contracts.token.DirectUses;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The token-service's usage records of a config (service-scoped: the config-service only), contract {@link DirectUses}. */
@RegisterRestClient(configKey = "token-service")
@Path(DirectUses.PATH)
public interface TokenUsageClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<DirectUses> usage(@PathParam("orgId") String orgId, @PathParam("configId") String configId,
                             @QueryParam("since") String since, @HeaderParam("Authorization") String authorization);
}

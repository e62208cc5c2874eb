package com.oauthconfig.token.peers;

import com.oauthconfig.contracts.alias.AliasResolution;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The credential-alias-service's resolution of a solution credential name (service role only; contract alias-resolution-1.schema.json). */
@RegisterRestClient(configKey = "credential-alias-service")
@Path(AliasResolution.PATH)
@Produces(MediaType.APPLICATION_JSON)
public interface AliasServiceClient {

    @GET
    Uni<AliasResolution> resolve(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId,
                                 @QueryParam("name") String name, @HeaderParam("Authorization") String authorization);
}

package com.oauthconfig.token.peers;

import com.oauthconfig.contracts.alias.RequiredCredentials;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The credential-alias-service's answer to "what does this solution need?" (service role only; contract alias-required-credentials-1.schema.json). */
@RegisterRestClient(configKey = "credential-alias-service")
@Path(RequiredCredentials.PATH)
@Produces(MediaType.APPLICATION_JSON)
public interface RequiredCredentialsClient {

    @GET
    Uni<RequiredCredentials> required(@PathParam("orgId") String orgId, @PathParam("solutionId") String solutionId,
                                      @HeaderParam("Authorization") String authorization);
}

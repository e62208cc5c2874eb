package com.oauthconfig.config.client;

import com.oauthconfig.contracts.alias.AliasReferencePage;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The credential-alias-service's "where is this config referenced" endpoint (contract: alias-references-1.schema.json). */
@RegisterRestClient(configKey = "credential-alias-service")
@Path(AliasReferencePage.PATH)
public interface AliasReferencesClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<AliasReferencePage> references(@PathParam("orgId") String orgId, @PathParam("configId") String configId,
                                  @QueryParam("page") int page, @QueryParam("size") int size,
                                  @HeaderParam("Authorization") String authorization);
}

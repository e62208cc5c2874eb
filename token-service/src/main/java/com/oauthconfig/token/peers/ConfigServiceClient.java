package com.oauthconfig.token.peers;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The config-service's internal read (service role only); returns the decrypted client secret. */
@RegisterRestClient(configKey = "config-service")
@Path("/internal/orgs/{orgId}/oauth-configs")
@Produces(MediaType.APPLICATION_JSON)
public interface ConfigServiceClient {

    @GET
    @Path("/{id}")
    Uni<OAuthConfig> get(@PathParam("orgId") String orgId, @PathParam("id") String id,
                         @HeaderParam("Authorization") String authorization);

    /** The config of this organisation with this title (what REST functions reference); 404 when none. */
    @GET
    Uni<OAuthConfig> byTitle(@PathParam("orgId") String orgId, @QueryParam("title") String title,
                             @HeaderParam("Authorization") String authorization);
}

package com.oauthconfig.token.peers;

import io.smallrye.mutiny.Uni;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The config-service's internal read (service role only; contract oauth-config-internal-1.schema.json); returns the decrypted client secret. */
@RegisterRestClient(configKey = "config-service")
@Path(InternalOAuthConfig.PATH)
@Produces(MediaType.APPLICATION_JSON)
public interface ConfigServiceClient {

    @GET
    @Path("/{id}")
    Uni<InternalOAuthConfig> get(@PathParam("orgId") String orgId, @PathParam("id") String id,
                         @HeaderParam("Authorization") String authorization);

    /**
     * The config as it was just before change {@code version} replaced or removed it, secret included;
     * 404 once the config-service's grace window for it has ended.
     */
    @GET
    @Path(InternalOAuthConfig.RETIRED)
    Uni<InternalOAuthConfig> retired(@PathParam("orgId") String orgId, @PathParam("id") String id, @PathParam("version") long version,
                             @HeaderParam("Authorization") String authorization);

    /** The config of this organisation with this title (what REST functions reference); 404 when none. */
    @GET
    Uni<InternalOAuthConfig> byTitle(@PathParam("orgId") String orgId, @QueryParam("title") String title,
                             @HeaderParam("Authorization") String authorization);
}

package com.oauthconfig.alias.client;

import com.oauthconfig.contracts.config.InternalOAuthConfig;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/** The config-service's internal read (service role only; contract oauth-config-internal-1.schema.json). */
@RegisterRestClient(configKey = "config-service")
@Path(InternalOAuthConfig.PATH)
public interface ConfigServiceApi {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<InternalOAuthConfig> find(@HeaderParam("Authorization") String authorization,
                              @PathParam("orgId") String orgId, @PathParam("id") String id);

    /** 404 means "no such config in this organisation"; everything else is the dependency failing. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        if (response.getStatus() == 404) {
            return new ConfigNotFoundException();
        }
        return new ConfigServiceException("config-service answered HTTP " + response.getStatus());
    }
}

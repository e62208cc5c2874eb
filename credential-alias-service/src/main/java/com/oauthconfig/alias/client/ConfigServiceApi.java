package com.oauthconfig.alias.client;

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

/** The config-service's internal read (service role only). */
@RegisterRestClient(configKey = "config-service")
@Path("/internal/orgs/{orgId}/oauth-configs")
public interface ConfigServiceApi {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<OAuthConfigView> find(@HeaderParam("Authorization") String authorization,
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

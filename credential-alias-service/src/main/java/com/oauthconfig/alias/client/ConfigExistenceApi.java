package com.oauthconfig.alias.client;

import com.oauthconfig.contracts.config.ConfigExistenceAnswer;
import com.oauthconfig.contracts.config.ConfigExistenceQuestion;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The config-service's internal existence question (service role only), on the contract types. */
@RegisterRestClient(configKey = "config-service")
@Path(ConfigExistenceQuestion.PATH)
public interface ConfigExistenceApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ConfigExistenceAnswer> ask(@HeaderParam("Authorization") String authorization, @PathParam("orgId") String orgId,
                                   ConfigExistenceQuestion question);

    /** Every status but 200 is the dependency failing, a 404 too: this endpoint always exists on a config-service. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return new ConfigServiceException("config-service existence answered HTTP " + response.getStatus());
    }
}

package com.oauthconfig.token.sso;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The config-service's SSO question (service role, SSO readers only): may this e-mail sign in through this config? */
@RegisterRestClient(configKey = "config-service")
@Path("/internal/orgs/{orgId}/sso/admissions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SsoAdmissionClient {

    /** The question; the e-mail travels in the body, never in a URL. */
    record Question(String configId, String email) {
    }

    /** The config-service's answer: the domain rule is applied there, where the domains are kept. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(String orgId, String configId, long version, boolean admitted, String decision, String match) {
    }

    @POST
    Uni<Answer> ask(@PathParam("orgId") String orgId, Question question, @HeaderParam("Authorization") String authorization);
}

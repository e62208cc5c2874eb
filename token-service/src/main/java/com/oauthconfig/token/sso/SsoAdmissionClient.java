package com.oauthconfig.token.sso;

import com.oauthconfig.contracts.config.SsoAdmissionAnswer;
import com.oauthconfig.contracts.config.SsoAdmissionQuestion;
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
@Path(SsoAdmissionQuestion.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SsoAdmissionClient {

    /** The e-mail travels in the body, never in a URL; the domain rule is applied there, where the domains are kept. */
    @POST
    Uni<SsoAdmissionAnswer> ask(@PathParam("orgId") String orgId, SsoAdmissionQuestion question,
                                @HeaderParam("Authorization") String authorization);
}

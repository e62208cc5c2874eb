package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.config.SsoAdmissionAnswer;
import com.oauthconfig.contracts.config.SsoAdmissionQuestion;
import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.config.config.ConfigServiceConfig;
import com.oauthconfig.config.service.SsoService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The token-service's SSO sign-in asks here whether the e-mail an identity provider vouched for
 * may sign in through a configuration. The domain rule stays in this service, the system of record
 * of configurations and registered domains. The e-mail travels in the body, never in a URL.
 */
@Path(SsoAdmissionQuestion.PATH)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal (services only)")
public class InternalSsoResource {

    private final SsoService sso;
    private final Caller caller;
    private final ConfigServiceConfig config;

    public InternalSsoResource(SsoService sso, Caller caller, ConfigServiceConfig config) {
        this.sso = sso;
        this.caller = caller;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether an e-mail may sign in through an SSO configuration (SSO readers only)",
            description = "Exact and subdomain-wildcard entries admit only the organisation's registered domains; '*' admits any.")
    public Uni<SsoAdmissionAnswer> admission(@PathParam("orgId") String orgId, SsoAdmissionQuestion body) {
        caller.requireServiceClient(config.ssoReaders());
        if (body == null) {
            throw Problems.invalid("configId", "is required");
        }
        var configId = RequestParams.uuid("configId", body.configId());
        return sso.admission(orgId, configId, body.email()).map(a -> {
            if (a.config() == null) {
                throw Problems.notFound("OAuth configuration");
            }
            return new SsoAdmissionAnswer(orgId, a.config().id, a.config().version, a.admitted(),
                    a.decision().name(), a.match());
        });
    }
}

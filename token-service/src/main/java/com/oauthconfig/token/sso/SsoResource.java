package com.oauthconfig.token.sso;

import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.problem.ProblemType;
import com.oauthconfig.common.ratelimit.RateLimits;
import com.oauthconfig.token.peers.ConfigServiceGateway;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Platform sign-in through an organisation's SSO configuration, for a user without a platform
 * token (public, rate limited per client address like the public SSO look-up). Browser steps:
 * errors are a plain HTML page when the browser asks for HTML, problem+json otherwise.
 */
@Path("/sso")
@PermitAll
@Tag(name = "SSO sign-in to the platform")
@SecurityRequirementsSet
public class SsoResource {

    private static final Logger LOG = Logger.getLogger(SsoResource.class);

    private final SsoService sso;
    private final AssertionKeys keys;
    private final RateLimits rateLimits;

    public SsoResource(SsoService sso, AssertionKeys keys, RateLimits rateLimits) {
        this.sso = sso;
        this.keys = keys;
        this.rateLimits = rateLimits;
    }

    @GET
    @Path("/start")
    @Operation(summary = "Start a platform sign-in through an SSO configuration (open in the user's browser)",
            description = "Redirects (302) to the configuration's provider with code, PKCE S256, state and nonce, and sets the "
                    + "browser binding cookie __Host-sso-binding. The configuration must be SSO-enabled, admit the e-mail's "
                    + "domain and list this service's callback URL among its redirect URLs. relayState is required: the value the "
                    + "platform's login bound to this browser, sent back with the assertion so the platform accepts only "
                    + "sign-ins it started (a login started by anyone else's link is refused there).")
    @APIResponse(responseCode = "302", description = "To the provider's authorization endpoint")
    @APIResponse(responseCode = "400", description = "validation (field orgId, configId, email or relayState) or sso-refused (reason)")
    @APIResponse(responseCode = "404", description = "No SSO configuration with this id in the organisation")
    @APIResponse(responseCode = "429", description = "Too many SSO starts from this client address; Retry-After says when to try again")
    @APIResponse(responseCode = "503", description = "sso-not-configured, or the config-service or the provider is unavailable")
    public Uni<Response> start(@QueryParam("orgId") String orgId, @QueryParam("configId") String configId,
                               @QueryParam("email") String email, @QueryParam("relayState") String relayState,
                               @CookieParam(BrowserBinding.COOKIE) String binding, @HeaderParam("Accept") String accept) {
        return answer(accept, () -> {
            // Public: every attempt counts (each costs a config read, a provider discovery and a state row).
            rateLimits.ssoLookup();
            return sso.start(orgId, configId, email, relayState, binding).map(s -> Response.status(Response.Status.FOUND)
                    .location(URI.create(s.authorizationUrl()))
                    .header("Set-Cookie", BrowserBinding.setCookie(s.browserBinding(), sso.stateTtl()))
                    .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build());
        });
    }

    @GET
    @Path("/callback")
    @Operation(summary = "The provider's redirect back (browser step); answers a page that posts the identity assertion to the platform",
            description = "200 text/html: a form posted at once (form_post) to the platform's return URL with fields `assertion` "
                    + "(the signed JWT) and `relay_state` (when the start had one). The state is single use and only the browser "
                    + "that started the sign-in (its binding cookie) can complete it.")
    @APIResponse(responseCode = "200", description = "The auto-submitting form carrying the assertion")
    @APIResponse(responseCode = "400", description = "sso-refused with reason EMAIL_DOMAIN_NOT_ALLOWED, EMAIL_NOT_VERIFIED, "
            + "EMAIL_MISSING, STATE_INVALID, BROWSER_MISMATCH, ISSUER_MISMATCH, PROVIDER_ERROR, CODE_MISSING, ID_TOKEN_INVALID, CONFIG_CHANGED")
    @APIResponse(responseCode = "503", description = "The provider, the config-service or the database is unavailable; start again")
    public Uni<Response> callback(@QueryParam("code") String code, @QueryParam("state") String state, @QueryParam("iss") String iss,
                                  @QueryParam("error") String error, @CookieParam(BrowserBinding.COOKIE) String binding,
                                  @HeaderParam("Accept") String accept) {
        return answer(accept, () -> sso.complete(code, state, iss, error, binding).map(SsoPages::assertionPost));
    }

    @GET
    @Path("/jwks")
    @Produces({"application/jwk-set+json", MediaType.APPLICATION_JSON})
    @Operation(summary = "The public keys that verify identity assertions (RFC 7517 JWK Set)")
    public Response jwks() {
        return Response.ok(keys.publicJwks()).header("Cache-Control", "public, max-age=300").build();
    }

    /**
     * Runs a step; a browser asking for HTML gets every failure as a plain page (never a stack
     * trace), other clients get problem+json from the service's mappers.
     */
    private static Uni<Response> answer(String accept, Supplier<Uni<Response>> step) {
        Uni<Response> run = Uni.createFrom().deferred(step::get);
        if (accept == null || !accept.contains("text/html")) {
            return run;
        }
        return run.onFailure().recoverWithItem(SsoResource::page);
    }

    private static Response page(Throwable f) {
        if (f instanceof ProblemException p) {
            return SsoPages.error(p);
        }
        boolean dependency = f instanceof ConfigServiceGateway.ConfigServiceUnavailableException || f instanceof java.net.ConnectException
                || f instanceof io.vertx.core.VertxException;
        if (!dependency) {
            LOG.errorf("SSO step failed unexpectedly: %s", f.getClass().getName());
        }
        return SsoPages.error(dependency
                ? new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, "the sign-in service cannot complete this step right now; "
                        + "start the sign-in again in a moment", List.of(), Map.of())
                : new ProblemException(ProblemType.INTERNAL, "the sign-in could not be completed; start it again", List.of(), Map.of()));
    }
}

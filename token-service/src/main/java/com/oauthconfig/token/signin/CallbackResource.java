package com.oauthconfig.token.signin;

import com.oauthconfig.common.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The sign-in redirect target. The app that caught the provider's redirect calls it with the
 * user's platform token, which must belong to the user who started the sign-in.
 */
@Authenticated
@Path("/api/oauth/callback")
@Produces(MediaType.APPLICATION_JSON)
public class CallbackResource {

    /** A completed sign-in, without any token. */
    public record CallbackResponse(String status, String orgId, String configId, String title, Instant accessExpiresAt,
                                   String scopes, boolean refreshTokenIssued) {
    }

    private final SignInService signIn;
    private final Caller caller;

    public CallbackResource(SignInService signIn, Caller caller) {
        this.signIn = signIn;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Completes a sign-in: the app passes the provider's code, state and iss; the tokens are redeemed and stored for the caller")
    @APIResponse(responseCode = "400", description = "The sign-in could not be completed (urn:oauth-platform:problem:sign-in-rejected), or a parameter is invalid",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The configuration changed after this sign-in started (urn:oauth-platform:problem:sign-in-outdated)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public Uni<CallbackResponse> callback(@QueryParam("code") String code, @QueryParam("state") String state,
                                          @QueryParam("iss") String iss, @QueryParam("error") String error) {
        String subject = caller.subject();
        String org = caller.orgId().orElse("");
        return signIn.complete(org, subject, code, state, iss, error)
                .map(c -> new CallbackResponse("SIGNED_IN", c.orgId(), c.configId(), c.title(), c.accessExpiresAt(),
                        c.scopes(), c.refreshTokenIssued()));
    }
}

package com.oauthconfig.console.web;

import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.oidc.common.runtime.OidcConstants;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;

/**
 * Signing out of the console: a form post carrying the CSRF token (the header's Sign out button).
 * quarkus-oidc's own logout path is not used: it answers before any resource filter, so a plain
 * link or another site's post could sign a person out. Here the CSRF filter has checked the post
 * before the session cookie is dropped; then the browser goes to the provider's end-session
 * endpoint (RP-initiated logout) and back to {@code /signed-out}. The provider learns which client
 * by {@code client_id}: no ID token is put into the address.
 */
@Path("/sign-out")
@Produces(MediaType.TEXT_HTML)
public class SignOutResource {

    static final String SIGNED_OUT = "/signed-out";

    @Inject
    Template signout;

    @Inject
    SecurityIdentity identity;

    @Inject
    Provider<OidcSession> session;

    @Inject
    Provider<OidcConfigurationMetadata> provider;

    @Inject
    Caller caller;

    @ConfigProperty(name = "quarkus.oidc.client-id")
    String clientId;

    /** A link (or a bookmark) only shows the button: a GET never signs anyone out. */
    @GET
    public Object confirm() {
        if (identity.isAnonymous()) {
            return Response.seeOther(URI.create(SIGNED_OUT)).build();
        }
        return signout.data("caller", caller).data("title", "Sign out");
    }

    @POST
    public Uni<Response> signOut(@Context UriInfo uri) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(Response.seeOther(URI.create(SIGNED_OUT)).build());
        }
        String back = uri.getBaseUriBuilder().replacePath(SIGNED_OUT).replaceQuery(null).build().toString();
        String endSession = provider.get().getEndSessionUri();
        URI next = endSession == null ? URI.create(SIGNED_OUT)
                : UriBuilder.fromUri(endSession).queryParam(OidcConstants.CLIENT_ID, clientId)
                        .queryParam(OidcConstants.POST_LOGOUT_REDIRECT_URI, back).build();
        return session.get().logout().replaceWith(Response.seeOther(next).build());
    }
}

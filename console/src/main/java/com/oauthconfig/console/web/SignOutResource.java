package com.oauthconfig.console.web;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcProviderClient;
import io.quarkus.oidc.OidcSession;
import io.quarkus.oidc.RefreshToken;
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
import org.jboss.logging.Logger;

import java.net.URI;

/**
 * Signing out of the console: a form post carrying the CSRF token (the header's Sign out button).
 * quarkus-oidc's own logout path is not used: it answers before any resource filter, so a plain
 * link or another site's post could sign a person out. Here the CSRF filter has checked the post
 * before the session cookie is dropped; then the browser goes to the provider's end-session
 * endpoint (RP-initiated logout) and back to {@code /signed-out}. The provider learns which client
 * by {@code client_id}: no ID token is put into the address. Before that, the session's refresh and
 * access tokens are revoked at the provider (RFC 7009): whether or not the person completes the
 * provider's end-session step, a copied session cookie can no longer be refreshed.
 */
@Path("/sign-out")
@Produces(MediaType.TEXT_HTML)
public class SignOutResource {

    static final String SIGNED_OUT = "/signed-out";
    private static final Logger LOG = Logger.getLogger(SignOutResource.class);

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

    @Inject
    Provider<OidcProviderClient> providerClient;

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
        return revokeTokens().chain(() -> session.get().logout()).replaceWith(Response.seeOther(next).build());
    }

    /** Revocation is best effort: a provider without the endpoint, or one that fails, does not keep anyone signed in. */
    private Uni<Void> revokeTokens() {
        RefreshToken refresh = identity.getCredential(RefreshToken.class);
        AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
        OidcProviderClient client = providerClient.get();
        Uni<Boolean> refreshRevoked = refresh == null || refresh.getToken() == null ? Uni.createFrom().item(false)
                : client.revokeRefreshToken(refresh.getToken());
        return refreshRevoked
                .chain(() -> access == null ? Uni.createFrom().item(false) : client.revokeAccessToken(access.getToken()))
                .onFailure().invoke(f -> LOG.infof("token revocation at sign-out failed (%s); the session is ended anyway",
                        f.getClass().getSimpleName()))
                .onFailure().recoverWithItem(false)
                .replaceWithVoid();
    }
}

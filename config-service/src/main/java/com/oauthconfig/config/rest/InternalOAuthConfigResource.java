package com.oauthconfig.config.rest;

import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.config.config.ConfigServiceConfig;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.service.OAuthConfigService;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Service-only reads of full configurations. People's tokens get 403 whatever their roles: only
 * client-credentials tokens with role SERVICE of a client named in {@code config-service.internal-readers}
 * pass, and only the clients named in {@code config-service.secret-readers} (the token-service)
 * see the decrypted client secret. Clients are told apart by the token's client id, not its subject.
 */
@Path(InternalOAuthConfig.PATH)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal (services only)")
public class InternalOAuthConfigResource {

    private final OAuthConfigService service;
    private final Caller caller;
    private final ConfigServiceConfig config;

    public InternalOAuthConfigResource(OAuthConfigService service, Caller caller, ConfigServiceConfig config) {
        this.service = service;
        this.caller = caller;
        this.config = config;
    }

    private InternalOAuthConfig toInternal(OAuthConfigEntity e) {
        return OAuthConfigMapper.toInternal(e, caller.clientId().filter(config.secretReaders()::contains).isPresent() ? service.openSecret(e) : null);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A configuration with its decrypted secret (SERVICE role only)")
    public Uni<InternalOAuthConfig> byId(@PathParam("orgId") String orgId, @PathParam("id") String id) {
        caller.requireServiceClient(config.internalReaders());
        return service.get(orgId, Ids.parse(id, OAuthConfigResource.WHAT))
                .map(this::toInternal);
    }

    @GET
    @Operation(summary = "A configuration by title with its decrypted secret (SERVICE role only)")
    public Uni<InternalOAuthConfig> byTitle(@PathParam("orgId") String orgId, @QueryParam("title") String title) {
        caller.requireServiceClient(config.internalReaders());
        if (title == null || title.isBlank()) {
            throw Problems.invalid("title", "is required");
        }
        return service.getByTitle(orgId, title).map(this::toInternal);
    }
}

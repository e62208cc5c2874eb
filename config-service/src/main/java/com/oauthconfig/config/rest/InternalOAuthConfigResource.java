package com.oauthconfig.config.rest;

import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.config.config.ConfigServiceConfig;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.service.ConfigExistence;
import com.oauthconfig.config.service.OAuthConfigService;
import com.oauthconfig.config.service.RetiredConfigService;
import com.oauthconfig.contracts.config.ConfigExistenceAnswer;
import com.oauthconfig.contracts.config.ConfigExistenceQuestion;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

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
    private final ConfigExistence existence;
    private final RetiredConfigService retired;
    private final Caller caller;
    private final ConfigServiceConfig config;

    public InternalOAuthConfigResource(OAuthConfigService service, ConfigExistence existence, RetiredConfigService retired,
                                       Caller caller, ConfigServiceConfig config) {
        this.service = service;
        this.existence = existence;
        this.retired = retired;
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
        return service.get(orgId, RequestParams.uuid("id", id))
                .map(this::toInternal);
    }

    /**
     * The configuration as it was just before change {@code version} replaced or removed it, secret
     * included, while the grace window lasts: only for the secret readers (the token-service, which
     * revokes users' tokens at the provider they were issued by). Other services get 403.
     */
    @GET
    @Path(InternalOAuthConfig.RETIRED)
    @Operation(summary = "A configuration as it was before a change, with its secret (secret readers only, within the grace window)")
    public Uni<InternalOAuthConfig> retired(@PathParam("orgId") String orgId, @PathParam("id") String id,
                                                    @PathParam("version") String version) {
        caller.requireServiceClient(config.secretReaders());
        long v;
        try {
            v = Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw Problems.invalid("version", "must be a version number");
        }
        return retired.open(orgId, RequestParams.uuid("id", id), v);
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

    @POST
    @Path(ConfigExistenceQuestion.SUB_PATH)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which of the given configuration ids exist, were removed, or were never known in the organisation (SERVICE role only)",
            description = "The credential-alias-service's reconciliation flags aliases only for ids answered as removed.")
    public Uni<ConfigExistenceAnswer> existence(@PathParam("orgId") String orgId, ConfigExistenceQuestion body) {
        caller.requireServiceClient(config.internalReaders());
        if (body == null || body.ids() == null || body.ids().isEmpty() || body.ids().size() > ConfigExistenceQuestion.MAX_IDS) {
            throw Problems.invalid("ids", "must list 1 to " + ConfigExistenceQuestion.MAX_IDS + " configuration ids");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < body.ids().size(); i++) {
            ids.add(RequestParams.uuid("ids[" + i + "]", body.ids().get(i)));
        }
        return existence.of(orgId, List.copyOf(ids)).map(a -> new ConfigExistenceAnswer(orgId, a.existing(), a.removed(), a.unknown()));
    }
}

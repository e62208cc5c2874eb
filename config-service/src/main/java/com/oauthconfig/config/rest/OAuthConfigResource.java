package com.oauthconfig.config.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.http.RequestParams.Paging;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.common.security.Roles;
import com.oauthconfig.config.config.ConfigServiceConfig;
import com.oauthconfig.config.repository.AuditRepository;
import com.oauthconfig.config.service.OAuthConfigService;
import com.oauthconfig.config.service.Saved;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** An organisation's OAuth configurations: ADMIN or OWNER of that organisation only. */
@Path("/api/orgs/{orgId}/oauth-configs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "OAuth configurations")
public class OAuthConfigResource {

    static final String WHAT = "OAuth configuration";
    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final Map<String, String> SORTABLE = Map.of("name", "name", "title", "title", "type", "type",
            "createdAt", "createdAt", "updatedAt", "updatedAt");

    private final OAuthConfigService service;
    private final AuditRepository audits;
    private final RequestBodies bodies;
    private final Caller caller;
    private final ConfigServiceConfig config;
    private final ObjectMapper json;

    public OAuthConfigResource(OAuthConfigService service, AuditRepository audits, RequestBodies bodies, Caller caller,
                               ConfigServiceConfig config, ObjectMapper json) {
        this.service = service;
        this.audits = audits;
        this.bodies = bodies;
        this.caller = caller;
        this.config = config;
        this.json = json;
    }

    @GET
    @Operation(summary = "List the organisation's configurations", description = "Paged (page from 0) and sortable: sort=<name|title|type|createdAt|updatedAt>[,asc|desc]")
    @APIResponse(responseCode = "200", description = "A page of configurations (never secrets)")
    public Uni<PageResponse<OAuthConfigResponse>> list(@PathParam("orgId") String orgId,
                                                       @QueryParam("page") String pageParam,
                                                       @QueryParam("size") String sizeParam,
                                                       @QueryParam("sort") @DefaultValue("title") String sort) {
        caller.requireOrgRole(orgId, WHAT, Roles.ADMIN, Roles.OWNER);
        Paging paging = paging(pageParam, sizeParam);
        Sort order = sort(sort);
        return service.list(orgId, paging.page(), paging.size(), order).map(r -> new PageResponse<>(
                r.items().stream().map(OAuthConfigMapper::toResponse).toList(), paging.page(), paging.size(), r.total()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a configuration", description = "Accepts the raw JSON of a record (read-only members are ignored). The secret is write-only.")
    @RequestBody(content = @Content(schema = @Schema(implementation = OAuthConfigRequest.class)))
    @APIResponse(responseCode = "201", description = "Created; body has the record and warnings; ETag is the version",
            content = @Content(schema = @Schema(implementation = SavedOAuthConfigResponse.class)))
    @APIResponse(responseCode = "400", description = "A field breaks a rule (problem+json naming it)")
    @APIResponse(responseCode = "409", description = "The title is already used in the organisation")
    public Uni<Response> create(@PathParam("orgId") String orgId, ObjectNode body) throws JsonProcessingException {
        caller.requireOrgRole(orgId, WHAT, Roles.ADMIN, Roles.OWNER);
        RequestBodies.Bound bound = bodies.bind(body, orgId, null);
        return service.create(orgId, OAuthConfigMapper.toDraft(bound.request()), bound.secret(), caller.subject())
                .map(saved -> saved(saved, Response.created(URI.create("/api/orgs/" + orgId + "/oauth-configs/" + saved.config().id))));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a configuration", description = "ETag carries the version for If-Match")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OAuthConfigResponse.class)))
    @APIResponse(responseCode = "404", description = "No such configuration in this organisation")
    public Uni<Response> get(@PathParam("orgId") String orgId, @PathParam("id") String id) {
        caller.requireOrgRole(orgId, WHAT, Roles.ADMIN, Roles.OWNER);
        return service.get(orgId, RequestParams.uuid("id", id)).map(e -> Response.ok(OAuthConfigMapper.toResponse(e))
                .tag(new EntityTag(String.valueOf(e.version))).build());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a configuration", description = "Needs If-Match with the ETag read. An absent clientSecret keeps the stored one; null removes it. "
            + "Changing the issuer or the origin (scheme, host, port) of any endpoint needs clientSecret again (400 naming clientSecret otherwise).")
    @RequestBody(content = @Content(schema = @Schema(implementation = OAuthConfigRequest.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SavedOAuthConfigResponse.class)))
    @APIResponse(responseCode = "412", description = "The record changed since it was read; nothing was changed")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Uni<Response> replace(@PathParam("orgId") String orgId, @PathParam("id") String id,
                                 @Parameter(description = "ETag of the version read, e.g. \"3\"") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                 ObjectNode body) throws JsonProcessingException {
        caller.requireOrgRole(orgId, WHAT, Roles.ADMIN, Roles.OWNER);
        UUID uuid = RequestParams.uuid("id", id);
        Long expected = RequestBodies.ifMatch(ifMatch, true);
        RequestBodies.Bound bound = bodies.bind(body, orgId, id);
        return service.replace(orgId, uuid, expected, OAuthConfigMapper.toDraft(bound.request()), bound.secret(), caller.subject())
                .map(saved -> saved(saved, Response.ok()));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change some members of a configuration (JSON merge patch, RFC 7396)", description = "Needs If-Match. clientSecret: a string sets it, null removes it. "
            + "Changing the issuer or the origin (scheme, host, port) of any endpoint needs clientSecret again (400 naming clientSecret otherwise).")
    @RequestBody(content = @Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = OAuthConfigRequest.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SavedOAuthConfigResponse.class)))
    @APIResponse(responseCode = "412", description = "The record changed since it was read; nothing was changed")
    public Uni<Response> patch(@PathParam("orgId") String orgId, @PathParam("id") String id,
                               @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, ObjectNode body) {
        caller.requireOrgRole(orgId, WHAT, Roles.ADMIN, Roles.OWNER);
        UUID uuid = RequestParams.uuid("id", id);
        Long expected = RequestBodies.ifMatch(ifMatch, true);
        // The merge is made on the copy the write locked: no second read, no lost update in between.
        return service.patch(orgId, uuid, expected, current -> {
            RequestBodies.Bound bound;
            try {
                bound = bodies.mergePatch(OAuthConfigMapper.toResponse(current), body, orgId, id);
            } catch (JsonProcessingException e) {
                throw new UncheckedJson(e);
            }
            return new OAuthConfigService.Change(OAuthConfigMapper.toDraft(bound.request()), bound.secret());
        }, caller.subject()).onFailure(UncheckedJson.class).transform(Throwable::getCause)
                .map(saved -> saved(saved, Response.ok()));
    }

    /** Carries a binding failure out of the merge function, to be mapped like any other. */
    private static final class UncheckedJson extends RuntimeException {
        UncheckedJson(JsonProcessingException cause) {
            super(cause);
        }
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Remove a configuration", description = "Asks the credential-alias-service first: referenced → 409 listing the references unless force=true; unreachable → 503, nothing removed. "
            + "The secret stays readable by the token-service for the grace window (to revoke users' tokens), then is destroyed.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "409", description = "Referenced by solution credentials (listed in 'references')")
    @APIResponse(responseCode = "412", description = "If-Match given and stale")
    @APIResponse(responseCode = "503", description = "The credential-alias-service could not be asked; nothing removed")
    public Uni<Response> remove(@PathParam("orgId") String orgId, @PathParam("id") String id,
                                @QueryParam("force") String forceParam,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        caller.requireOrgRole(orgId, WHAT, Roles.ADMIN, Roles.OWNER);
        boolean force = RequestParams.flag("force", forceParam);
        UUID uuid = RequestParams.uuid("id", id);
        Long expected = RequestBodies.ifMatch(ifMatch, false);
        return service.remove(orgId, uuid, expected, force, caller.subject()).map(v -> Response.noContent().build());
    }

    @GET
    @Path("{id}/audit")
    @WithSession
    @Operation(summary = "The configuration's audit log, newest first", description = "Who changed what and when; the secret appears only as \"changed\". Kept after removal.")
    public Uni<PageResponse<AuditEntryResponse>> audit(@PathParam("orgId") String orgId, @PathParam("id") String id,
                                                       @QueryParam("page") String pageParam,
                                                       @QueryParam("size") String sizeParam) {
        caller.requireOrgRole(orgId, WHAT, Roles.ADMIN, Roles.OWNER);
        UUID uuid = RequestParams.uuid("id", id);
        Paging paging = paging(pageParam, sizeParam);
        int page = paging.page();
        int size = paging.size();
        return audits.countForConfig(orgId, uuid).chain(total -> {
            if (total == 0) {
                return Uni.createFrom().failure(Problems.notFound(WHAT));
            }
            return audits.forConfig(orgId, uuid, page, size).map(rows -> new PageResponse<>(rows.stream()
                    .map(a -> new AuditEntryResponse(a.configId.toString(), a.configVersion, a.action, a.actor, a.at, readTree(a.changes)))
                    .toList(), page, size, total));
        });
    }

    private Paging paging(String page, String size) {
        return RequestParams.paging(page, size, config.paging().defaultSize(), config.paging().maxSize());
    }

    private JsonNode readTree(String changes) {
        try {
            return json.readTree(changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit changes column is not JSON", e);
        }
    }

    private static Response saved(Saved saved, Response.ResponseBuilder builder) {
        return builder.entity(new SavedOAuthConfigResponse(OAuthConfigMapper.toResponse(saved.config()), saved.warnings()))
                .tag(new EntityTag(String.valueOf(saved.config().version)))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    static Sort sort(String spec) {
        String[] parts = spec.split(",", -1);
        String field = SORTABLE.get(parts[0].trim());
        if (field == null || parts.length > 2) {
            throw Problems.invalid("sort", "must be <name|title|type|createdAt|updatedAt>[,asc|desc]");
        }
        Sort.Direction direction = Sort.Direction.Ascending;
        if (parts.length == 2) {
            String d = parts[1].trim().toLowerCase(Locale.ROOT);
            if (d.equals("desc")) {
                direction = Sort.Direction.Descending;
            } else if (!d.equals("asc")) {
                throw Problems.invalid("sort", "direction must be asc or desc");
            }
        }
        return Sort.by(field, direction).and("id");
    }
}

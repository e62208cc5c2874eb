package com.oauthconfig.token.usage;

import com.oauthconfig.common.http.RequestParams;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.common.security.Caller;
import com.oauthconfig.contracts.token.DirectUses;
import com.oauthconfig.token.config.TokenServiceConfig;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Direct uses of a config (functions naming its title), for the config-service's removal check only
 * ({@code token-service.usage.callers}): which solutions used it since when, last and how often.
 */
@Authenticated
@Path(DirectUses.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    static final int MAX_ITEMS = 500;

    private final ConfigUsageRepository usage;
    private final Caller caller;
    private final TokenServiceConfig settings;

    public UsageResource(ConfigUsageRepository usage, Caller caller, TokenServiceConfig settings) {
        this.usage = usage;
        this.caller = caller;
        this.settings = settings;
    }

    @GET
    @Operation(summary = "Direct uses of a config per solution since an instant (config-service only)")
    public Uni<DirectUses> usage(@PathParam("orgId") String orgId, @PathParam("configId") String configId,
                                    @QueryParam("since") String since) {
        caller.requireServiceClient(settings.usage().callers());
        UUID id = RequestParams.uuid("configId", configId);
        Instant from;
        try {
            from = Instant.parse(since == null ? "" : since);
        } catch (DateTimeParseException e) {
            throw Problems.invalid("since", "must be an ISO-8601 instant, e.g. 2026-11-01T00:00:00Z");
        }
        return usage.ofConfigSince(orgId, id.toString(), from, MAX_ITEMS).map(uses -> new DirectUses(orgId, id, from,
                uses.stream().map(u -> new DirectUses.Use(u.solutionId(), u.lastUsedAt(), u.useCount())).toList()));
    }
}

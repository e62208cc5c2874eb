package com.oauthconfig.contracts.token;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The token-service's direct uses of a configuration (functions naming its title) per solution since
 * an instant, schema {@code config-direct-uses-1.schema.json}; the config-service's removal check reads it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DirectUses(String orgId, UUID configId, Instant since, List<Use> items) {

    /** Where the token-service serves it (service-only, the config-service's client). */
    public static final String PATH = "/internal/orgs/{orgId}/oauth-configs/{configId}/usage";

    public DirectUses {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One solution's uses; {@code solutionId} null for calls that named no solution. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Use(String solutionId, Instant lastUsedAt, long useCount) {
    }
}

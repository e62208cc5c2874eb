package com.oauthconfig.config.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;

/** The token-service's direct uses of a config (functions naming its title) per solution since an instant. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DirectUsePage(String orgId, String configId, Instant since, List<DirectUse> items) {

    /** One solution's uses; {@code solutionId} null for calls that named no solution. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DirectUse(String solutionId, Instant lastUsedAt, long useCount) {
    }

    public List<DirectUse> itemsOrEmpty() {
        return items == null ? List.of() : items;
    }
}

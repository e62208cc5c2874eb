package com.oauthconfig.contracts.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.UUID;

/**
 * The config-service's answer to a {@link ConfigExistenceQuestion}, schema
 * {@code oauth-config-existence-answer-1.schema.json}: the organisation echoed and every asked id in
 * exactly one of {@code existing}, {@code removed} (it was there and was removed) and
 * {@code unknown}. A missing list stays null, so a consumer can tell an answer that is not about its
 * question from one that is.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigExistenceAnswer(String orgId, List<UUID> existing, List<UUID> removed, List<UUID> unknown) {

    public ConfigExistenceAnswer {
        existing = existing == null ? null : List.copyOf(existing);
        removed = removed == null ? null : List.copyOf(removed);
        unknown = unknown == null ? null : List.copyOf(unknown);
    }
}

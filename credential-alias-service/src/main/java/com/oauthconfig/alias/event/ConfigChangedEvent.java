package com.oauthconfig.alias.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

/** Data of an event on oauth-config-events (published by the config-service). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigChangedEvent(UUID eventId, String orgId, UUID configId, Long version, ChangeType changeType,
                                 List<String> changedFields, JsonNode config) {

    /** What happened to the configuration. */
    public enum ChangeType {
        CREATED,
        UPDATED,
        REMOVED
    }

    /** The configuration's title when the event carries it, for a readable reason. */
    public String title() {
        JsonNode t = config == null ? null : config.get("title");
        return t == null || !t.isTextual() ? null : t.asText();
    }
}

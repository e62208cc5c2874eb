package com.oauthconfig.token.configevents;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

/**
 * The value of an oauth-config-events record (schema urn:oauth-platform:schema:oauth-config-event:1).
 * Unknown fields are ignored so the publisher can add some without breaking this consumer.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigChangedEvent(UUID eventId, String orgId, String configId, Long version, ChangeType changeType,
                                 List<String> changedFields, JsonNode config) {

    public enum ChangeType { CREATED, UPDATED, REMOVED }

    /** Fields whose change invalidates what users consented to: their tokens must not be used any more. */
    public static final List<String> CONSENT_FIELDS = List.of("issuer", "clientId", "scopes", "audience");

    public boolean changesConsent() {
        return changeType == ChangeType.UPDATED && changedFields != null
                && changedFields.stream().anyMatch(CONSENT_FIELDS::contains);
    }

    /** A field of the carried config record, or null. */
    public String configText(String field) {
        JsonNode v = config == null ? null : config.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

package com.oauthconfig.contracts.alias;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Data of an {@value #BROKEN} / {@value #REPAIRED} CloudEvent on credential-alias-events, schema
 * {@code credential-alias-event-1.schema.json}. Keyed by credential id; subscribers deduplicate on
 * {@code eventId}. Never carries secrets or tokens.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CredentialAliasEvent(UUID eventId, String orgId, String solutionId, UUID credentialId, String name,
                                   UUID oauthConfigId, AliasStatus status, String reason, Instant at) {

    public static final String TOPIC = "credential-alias-events";
    /** {@code ce_source} of every event. */
    public static final String SOURCE = "/credential-alias-service";
    public static final String BROKEN = "oauthconfig.alias.broken";
    public static final String REPAIRED = "oauthconfig.alias.repaired";
    /** Where the credential-alias-service serves the schema; {@code ce_dataschema} is this path on its base URL. */
    public static final String SCHEMA_PATH = "/schemas/credential-alias-event-1.json";

    public CredentialAliasEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(oauthConfigId, "oauthConfigId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }

    /** The {@code ce_type} of this event. */
    public String ceType() {
        return status == AliasStatus.BROKEN ? BROKEN : REPAIRED;
    }
}

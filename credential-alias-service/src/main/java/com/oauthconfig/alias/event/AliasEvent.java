package com.oauthconfig.alias.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Data of an {@code oauthconfig.alias.broken} / {@code oauthconfig.alias.repaired} event on
 * credential-alias-events (schema {@value AliasEventPublisher#DATA_SCHEMA}, file
 * {@code META-INF/resources/schemas/credential-alias-event-1.json}).
 */
public record AliasEvent(UUID eventId, String orgId, String solutionId, UUID credentialId, String name,
                         UUID oauthConfigId, String status, String reason, Instant at) {
}

package com.oauthconfig.config.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One audited change: {@code changes} is a list of {field, from, to}; the secret appears only as {field, change:"changed"}. */
public record AuditEntryResponse(String configId, long version, String action, String actor, Instant at, JsonNode changes) {
}

package com.oauthconfig.config.rest;

import java.time.Instant;
import java.util.List;

/** An organisation's registered domains. */
public record DomainsResponse(String orgId, List<String> domains, String updatedBy, Instant updatedAt) {
}

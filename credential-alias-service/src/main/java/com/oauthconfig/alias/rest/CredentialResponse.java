package com.oauthconfig.alias.rest;

import com.oauthconfig.alias.repository.SolutionCredential;

import java.time.Instant;
import java.util.UUID;

/** A solution credential as callers see it. */
public record CredentialResponse(UUID id, String orgId, String solutionId, String name, String type, UUID oauthConfigId,
                                 String status, String brokenReason, Instant brokenAt, long version,
                                 Instant createdAt, Instant updatedAt) {

    static CredentialResponse of(SolutionCredential c) {
        return new CredentialResponse(c.id, c.orgId, c.solutionId, c.name, c.type.name(), c.oauthConfigId, c.status.name(),
                c.brokenReason, c.brokenAt, c.version, c.createdAt, c.updatedAt);
    }
}

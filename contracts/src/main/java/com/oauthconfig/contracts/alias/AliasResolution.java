package com.oauthconfig.contracts.alias;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.UUID;

/**
 * What a solution credential name resolves to, schema {@code alias-resolution-1.schema.json}: the
 * configuration it aliases and whether that link is broken ({@code reason} says why).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AliasResolution(UUID credentialId, UUID oauthConfigId, AliasStatus status, String reason) {

    /** Where the credential-alias-service answers ({@code ?name=}). */
    public static final String PATH = "/internal/orgs/{orgId}/solutions/{solutionId}/credentials/resolve";

    public boolean broken() {
        return status != AliasStatus.OK;
    }
}

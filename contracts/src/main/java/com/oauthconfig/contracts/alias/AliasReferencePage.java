package com.oauthconfig.contracts.alias;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.UUID;

/**
 * One page of the solution credentials that point at a configuration, schema
 * {@code alias-references-1.schema.json}; {@code total} counts them all.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AliasReferencePage(List<Reference> items, int page, int size, long total) {

    /** Where the credential-alias-service answers. */
    public static final String PATH = "/api/orgs/{orgId}/oauth-configs/{configId}/references";

    public AliasReferencePage {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One solution credential (alias) that points at the configuration. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reference(String solutionId, UUID credentialId, String name, AliasStatus status) {
    }
}

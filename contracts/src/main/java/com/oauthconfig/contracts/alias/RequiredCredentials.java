package com.oauthconfig.contracts.alias;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.UUID;

/**
 * What a solution needs its users signed in to, schema {@code alias-required-credentials-1.schema.json}:
 * its OAuth aliases by name and the configuration titles an ADMIN declared for it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequiredCredentials(List<Alias> aliases, List<String> titles) {

    /** Where the credential-alias-service serves it (service-only). */
    public static final String PATH = "/internal/orgs/{orgId}/solutions/{solutionId}/required-credentials";

    public RequiredCredentials {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        titles = titles == null ? List.of() : List.copyOf(titles);
    }

    /** One OAuth alias of the solution: its name, the configuration it points at, OK or BROKEN. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alias(String name, UUID oauthConfigId, AliasStatus status) {
    }
}

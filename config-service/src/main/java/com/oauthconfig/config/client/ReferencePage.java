package com.oauthconfig.config.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A page of references to a config, as the credential-alias-service answers; unknown members are tolerated. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReferencePage(List<Reference> items, int page, int size, long total) {

    /** One solution credential (alias) that points at the config. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reference(String solutionId, String credentialId, String name, String status) {
    }

    public List<Reference> itemsOrEmpty() {
        return items == null ? List.of() : items;
    }
}

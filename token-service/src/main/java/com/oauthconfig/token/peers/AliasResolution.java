package com.oauthconfig.token.peers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What a solution credential name resolves to: the org config it aliases, and whether that link is broken. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AliasResolution(String credentialId, String oauthConfigId, String status, String reason) {

    public boolean broken() {
        return !"OK".equals(status);
    }
}

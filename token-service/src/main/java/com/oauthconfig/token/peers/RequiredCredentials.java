package com.oauthconfig.token.peers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A solution's OAuth aliases (name, target config, OK or BROKEN) and the config titles an ADMIN declared for it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequiredCredentials(List<Alias> aliases, List<String> titles) {

    public RequiredCredentials {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        titles = titles == null ? List.of() : List.copyOf(titles);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Alias(String name, String oauthConfigId, String status) {
        public boolean broken() {
            return !"OK".equals(status);
        }
    }
}

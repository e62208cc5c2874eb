package com.oauthconfig.alias.client;

/** The config-service does not know the configuration in that organisation (a definite answer, not a failure). */
public class ConfigNotFoundException extends RuntimeException {

    public ConfigNotFoundException() {
        super("oauth configuration not found", null, false, false);
    }
}

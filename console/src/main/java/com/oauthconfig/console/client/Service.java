package com.oauthconfig.console.client;

/** The services the console calls, each with its own API base URL. */
public enum Service {
    CONFIG("config-service"),
    TOKEN("token-service"),
    ALIAS("credential-alias-service");

    private final String displayName;

    Service(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}

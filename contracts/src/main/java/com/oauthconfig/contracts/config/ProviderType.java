package com.oauthconfig.contracts.config;

/** Provider families of an OAuth configuration. */
public enum ProviderType {
    GRAPH,
    OKTA,
    OPENID,
    AUTH0
}

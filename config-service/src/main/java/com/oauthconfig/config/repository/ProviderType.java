package com.oauthconfig.config.repository;

/** The identity provider families a configuration can describe. */
public enum ProviderType {
    GRAPH, OKTA, OPENID, AUTH0
}

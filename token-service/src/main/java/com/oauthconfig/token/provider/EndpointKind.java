package com.oauthconfig.token.provider;

import java.util.Locale;

/** Which provider endpoint an exchange talks to: names its span ({@code provider token}) and tags its meters. */
public enum EndpointKind {
    DISCOVERY, JWKS, TOKEN, REVOCATION;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

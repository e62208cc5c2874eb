package com.oauthconfig.config.service;

import java.util.List;

/**
 * Something a caller should know about a successful write: two SSO configurations claiming the same
 * domain ({@code domains}, {@code otherConfigId}, {@code otherTitle} set), or a setting that has no
 * effect (only {@code code} and {@code detail}).
 */
public record Warning(String code, String detail, List<String> domains, String otherConfigId, String otherTitle) {

    public static final String SSO_AMBIGUOUS = "sso-ambiguous";
    public static final String PKCE_ALWAYS_ON = "pkce-always-on";

    /**
     * {@code usePkce: false} is stored as given but changes nothing: the token-service sends PKCE
     * with S256 on every sign-in (RFC 9700), and the admin is told so instead of being left to think
     * it was switched off.
     */
    public static Warning pkceAlwaysOn() {
        return new Warning(PKCE_ALWAYS_ON, "usePkce: false has no effect: every sign-in uses PKCE with S256, which cannot be "
                + "switched off (providers that do not support it ignore it; the token-service's check reports one that "
                + "advertises other methods only)", null, null, null);
    }
}

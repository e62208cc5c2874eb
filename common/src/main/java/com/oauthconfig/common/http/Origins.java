package com.oauthconfig.common.http;

import java.net.URI;
import java.util.Locale;

/**
 * The origin (scheme, host, port) of a URL, the unit both the config-service (a moved provider
 * needs its secret again) and the token-service (tokens are bound to where they may be sent)
 * compare provider URLs by.
 */
public final class Origins {

    private Origins() {
    }

    /** {@code scheme://host:port} in lower case with the scheme's default port made explicit; null stays null. */
    public static String of(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort() != -1 ? u.getPort() : "http".equals(scheme) ? 80 : "https".equals(scheme) ? 443 : -1;
            return scheme + "://" + (u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
        } catch (IllegalArgumentException e) {
            // Not a URL: compared as written, so any change of it counts as a change of origin.
            return url;
        }
    }
}

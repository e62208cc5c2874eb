package com.oauthconfig.config.service;

import com.oauthconfig.common.http.Origins;
import com.oauthconfig.config.repository.OAuthConfigEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a configuration sends its client secret and users' tokens: the issuer and the origin
 * (scheme, host, port) of each explicit endpoint. A change of any of them moves the provider, and
 * a stored secret is never carried over to a moved provider on its own.
 */
public final class ProviderOrigins {

    private ProviderOrigins() {
    }

    /** True when the draft changes the issuer or the origin of any endpoint of the stored configuration. */
    public static boolean moved(OAuthConfigEntity current, ConfigDraft draft) {
        ConfigDraft.Endpoints ep = draft.endpoints() == null ? ConfigDraft.Endpoints.NONE : draft.endpoints();
        return !Objects.equals(current.issuer, draft.issuer())
                || !of(current.authorizationEndpoint, current.tokenEndpoint, current.userinfoEndpoint, current.jwksUri,
                current.revocationEndpoint, current.endSessionEndpoint)
                .equals(of(ep.authorization(), ep.token(), ep.userinfo(), ep.jwks(), ep.revocation(), ep.endSession()));
    }

    private static List<String> of(String... urls) {
        List<String> origins = new ArrayList<>();
        for (String url : urls) {
            origins.add(Origins.of(url));
        }
        return origins;
    }
}

package com.oauthconfig.token.provider;

import java.util.List;

/**
 * What the service uses of a provider: discovered metadata (RFC 8414 / OIDC Discovery) merged with
 * the config's explicit endpoints, which win. {@code issuer} is null when the config has none.
 */
public record ProviderMetadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
                               String revocationEndpoint, String userinfoEndpoint, String endSessionEndpoint,
                               List<String> codeChallengeMethods, boolean issParameterSupported,
                               List<String> scopesSupported, List<String> grantTypesSupported) {

    /** Null lists mean the provider did not say. */
    public boolean supportsS256() {
        return codeChallengeMethods == null || codeChallengeMethods.contains("S256");
    }
}

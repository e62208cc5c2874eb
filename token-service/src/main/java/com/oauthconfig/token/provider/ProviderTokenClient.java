package com.oauthconfig.token.provider;

import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.ProviderType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The token and revocation endpoint exchanges. Definitive OAuth errors (4xx with an {@code error})
 * are never retried; timeouts, 5xx and 429 are retried with backoff a bounded number of times.
 */
@ApplicationScoped
public class ProviderTokenClient {

    private final ProviderHttpClient http;

    public ProviderTokenClient(ProviderHttpClient http) {
        this.http = http;
    }

    /** Redeems a code only at {@code tokenEndpoint}, the endpoint of the provider that started the flow. */
    public Uni<ProviderTokenResponse> exchangeCode(InternalOAuthConfig config, String tokenEndpoint, String code, String redirectUri, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        // A code is single use at the provider: a retry after a lost answer would only earn invalid_grant.
        return call(config, tokenEndpoint, form, false);
    }

    public Uni<ProviderTokenResponse> refresh(InternalOAuthConfig config, String tokenEndpoint, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return call(config, tokenEndpoint, form, true);
    }

    public Uni<ProviderTokenResponse> clientCredentials(InternalOAuthConfig config, String tokenEndpoint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", scopesForClientCredentials(config));
        if (config.type() == ProviderType.AUTH0 && config.audience() != null) {
            form.put("audience", config.audience());
        }
        return call(config, tokenEndpoint, form, true);
    }

    /** RFC 7009 revocation; a 200 means revoked or already invalid. */
    public Uni<Void> revoke(InternalOAuthConfig config, String revocationEndpoint, String token, String hint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", hint);
        return http.withRetry(http.postForm(EndpointKind.REVOCATION, revocationEndpoint, form, config.clientId(), config.clientSecret(), answer -> {
            if (answer.status() >= 500 || answer.status() == 429) {
                throw new ProviderException("revocation endpoint answered " + answer.status(), true, null, answer.status());
            }
            if (!answer.ok()) {
                throw new ProviderException("revocation endpoint answered " + answer.status(), false,
                        answer.body().getString("error"), answer.status());
            }
            return null;
        })).replaceWithVoid();
    }

    /**
     * Ends a user's grant at the provider: the refresh token when there is one, which ends the grant
     * (and, at providers with refresh-token rotation and reuse detection, the user's whole sign-in there,
     * access tokens included). The access token is revoked only when there is no refresh token or its
     * revocation failed: revoking it after the grant has ended only earns errors from such providers.
     * Answers whether anything was revoked; fails with the refresh token's failure (after trying the
     * access token) so the caller can log it.
     */
    public Uni<Boolean> revokeGrant(InternalOAuthConfig config, String revocationEndpoint, String refreshToken, String accessToken) {
        if (refreshToken == null) {
            return accessToken == null ? Uni.createFrom().item(false)
                    : revoke(config, revocationEndpoint, accessToken, "access_token").replaceWith(true);
        }
        return revoke(config, revocationEndpoint, refreshToken, "refresh_token").replaceWith(true)
                .onFailure().call(f -> accessToken == null ? Uni.createFrom().voidItem()
                        // At least the access token ends early; the refresh token's failure is what the caller hears of.
                        : revoke(config, revocationEndpoint, accessToken, "access_token").onFailure().recoverWithNull());
    }

    private static String scopesForClientCredentials(InternalOAuthConfig config) {
        // Identity scopes mean nothing without a user; providers such as Okta refuse them here.
        String scopes = String.join(" ", config.scopes().stream()
                .filter(s -> !s.equals("openid") && !s.equals("profile") && !s.equals("email") && !s.equals("offline_access"))
                .toList());
        return scopes.isEmpty() ? null : scopes;
    }

    private Uni<ProviderTokenResponse> call(InternalOAuthConfig config, String tokenEndpoint, Map<String, String> form, boolean retry) {
        if (tokenEndpoint == null) {
            return Uni.createFrom().failure(new ProviderException("the config has no token endpoint", false, null, 0));
        }
        Uni<ProviderTokenResponse> once = http.postForm(EndpointKind.TOKEN, tokenEndpoint, form, config.clientId(), config.clientSecret(), answer -> {
            String where = "token endpoint " + ProviderHttpClient.describe(tokenEndpoint);
            if (answer.status() >= 500 || answer.status() == 429) {
                throw new ProviderException(where + " answered " + answer.status(), true, null, answer.status());
            }
            if (!answer.ok()) {
                Object code = answer.body().getValue("error");
                String error = code instanceof String s ? s : "http_" + answer.status();
                throw new ProviderException(where + " refused the request: " + safe(error), false, safe(error), answer.status());
            }
            // Interpreted inside the provider's breaker: a garbage 2xx counts as the provider failing.
            return ProviderTokenResponse.from(answer.body(), where);
        });
        return retry ? http.withRetry(once) : once;
    }

    /** OAuth error codes are a small ASCII vocabulary; anything else is not echoed. */
    private static String safe(String error) {
        return error != null && error.matches("[a-z_0-9]{1,64}") ? error : "unknown_error";
    }
}

package com.oauthconfig.rig;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays an identity provider that withdrew its signing key: while an issuer is withdrawn here, its
 * JWKS endpoint publishes no keys, though the tokens it issued before stay correctly signed.
 */
final class KeyWithdrawal implements Route {

    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();

    void withdraw(String issuerId) {
        withdrawn.add(issuerId);
    }

    void restore(String issuerId) {
        withdrawn.remove(issuerId);
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        List<String> segments = request.getUrl().pathSegments();
        return segments.size() == 2 && segments.get(1).equals("jwks") && withdrawn.contains(segments.get(0));
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, "{\"keys\":[]}", null);
    }
}

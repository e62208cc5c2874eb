package com.oauthconfig.rig;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client authentication as a real provider enforces it, in front of mock-oauth2-server (which
 * accepts any client secret): a confidential client registered here must authenticate at every
 * issuer's token, revocation and introspection endpoints with {@code client_secret_basic}, the
 * method it was registered for (RFC 6749 §2.3.1: id and secret form-encoded, then Base64). A
 * missing or wrong secret, or a secret sent in the form instead, gets 401 {@code invalid_client}.
 * Clients not registered are left to the provider, as before.
 */
final class ClientAuthentication implements Route {

    private static final Set<String> AUTHENTICATED_ENDPOINTS = Set.of("token", "revoke", "introspect");

    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    void register(String clientId, String clientSecret) {
        secrets.put(clientId, clientSecret);
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        List<String> segments = request.getUrl().pathSegments();
        if (!"POST".equalsIgnoreCase(request.getMethod()) || segments.size() != 2
                || !AUTHENTICATED_ENDPOINTS.contains(segments.get(1))) {
            return false;
        }
        Map<String, String> form = FormBody.parse(request.getBody());
        String[] basic = basicCredentials(request.getHeaders().get("Authorization"));
        String clientId = basic != null ? basic[0] : form.get("client_id");
        String expected = clientId == null ? null : secrets.get(clientId);
        if (expected == null) {
            return false;
        }
        boolean authenticated = basic != null && !form.containsKey("client_secret")
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), basic[1].getBytes(StandardCharsets.UTF_8));
        return !authenticated;
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        String body = "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed (client_secret_basic required)\"}";
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json", "WWW-Authenticate", "Basic"),
                401, body, null);
    }

    /** {id, secret} from an {@code Authorization: Basic} header, or null when there is none or it is malformed. */
    private static String[] basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new String[] {FormBody.decode(decoded.substring(0, colon)), FormBody.decode(decoded.substring(colon + 1))};
    }
}

package com.oauthconfig.token.signin;

import com.oauthconfig.token.store.Hashes;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Random values of the code flow (state, nonce, PKCE verifier), the S256 transform and the authorization request URL. */
public final class CodeFlowSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private CodeFlowSecrets() {
    }

    /** {@code bytes} random bytes, base64url without padding; 32 bytes = 256 bits (RFC 7636 asks for ≥ 256). */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64URL.encodeToString(b);
    }

    /** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
    public static String s256(String verifier) {
        return B64URL.encodeToString(Hashes.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * The parameters of every authorization code request: code, client, redirect URI, scope, state,
     * the PKCE S256 challenge of {@code verifier} and the nonce (left out when null). Callers add
     * provider-specific ones before {@link #url}.
     */
    public static Map<String, String> codeRequest(String clientId, String redirectUri, String scope, String state, String verifier,
                                                  String nonce) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", redirectUri);
        q.put("scope", scope);
        q.put("state", state);
        q.put("code_challenge", s256(verifier));
        q.put("code_challenge_method", "S256");
        q.put("nonce", nonce);
        return q;
    }

    /** The provider URL: the endpoint (which may carry a query of its own) and the parameters, form-encoded, null ones left out. */
    public static String url(String endpoint, Map<String, String> params) {
        return endpoint + (endpoint.contains("?") ? "&" : "?") + params.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}

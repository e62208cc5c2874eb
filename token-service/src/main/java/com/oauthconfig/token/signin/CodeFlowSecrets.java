package com.oauthconfig.token.signin;

import com.oauthconfig.token.store.Hashes;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Random values of the code flow (state, nonce, PKCE verifier) and the S256 transform. */
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

}

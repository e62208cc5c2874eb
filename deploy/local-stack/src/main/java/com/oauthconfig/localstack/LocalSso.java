package com.oauthconfig.localstack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * SSO sign-in to the platform (token-service README, "SSO sign-in to the platform"), switched on
 * for the local stack: the token-service is the assertions' issuer and serves the callback, the dev
 * OIDC provider's platform issuer is their audience, and the browser posts the assertion to the echo
 * API (which shows what arrived; there is no platform identity provider on this machine). The
 * signing key is a P-256 key made once and kept with the stack's data; in production these are the
 * {@code SSO_*} settings and a key from a secret (deploy/README.md, "SSO sign-in").
 */
final class LocalSso {

    static final String KEY_ID = "local-sso";

    private LocalSso() {
    }

    /** The token-service's {@code token-service.sso.*} properties. */
    static Map<String, String> settings(String tokenServiceUrl, String audience, String returnUrl, Path keyFile) throws IOException {
        Map<String, String> p = new HashMap<>();
        ServiceSettings.set(p, "token-service.sso.issuer", tokenServiceUrl);
        ServiceSettings.set(p, "token-service.sso.audience", audience);
        ServiceSettings.set(p, "token-service.sso.callback-url", callbackUrl(tokenServiceUrl));
        ServiceSettings.set(p, "token-service.sso.return-url", returnUrl);
        ServiceSettings.set(p, "token-service.sso.signing.active-key-id", KEY_ID);
        ServiceSettings.set(p, "token-service.sso.signing.keys." + KEY_ID, signingKey(keyFile));
        return p;
    }

    /** What an SSO configuration lists among its redirect URLs (the config-service accepts http to localhost only in dev). */
    static String callbackUrl(String tokenServiceUrl) {
        return tokenServiceUrl + "/sso/callback";
    }

    /** Base64 of the private JWK, made on first use (development only; never use it elsewhere). */
    private static String signingKey(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                String jwk = new ECKeyGenerator(Curve.P_256).generate().toJSONString();
                Files.writeString(file, Base64.getEncoder().encodeToString(jwk.getBytes(StandardCharsets.UTF_8)));
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot make the local SSO signing key", e);
            }
        }
        return Files.readString(file).trim();
    }
}

package com.oauthconfig.token.sso;

import com.oauthconfig.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys that sign identity assertions, shaped like the token store's key ring: an active key id
 * and every key by id from configuration (never from the database or the image). The active key
 * signs; every configured key is published, so a new key can be published before it becomes active
 * and an old one kept until the assertions it signed have expired. Private parts never leave this class.
 */
// Created at start-up, so a bad setting stops the service instead of the first sign-in.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class AssertionKeys {

    private final Map<String, PublicJsonWebKey> keys;
    private final String activeKeyId;

    public AssertionKeys(TokenServiceConfig settings) {
        TokenServiceConfig.Sso.Signing signing = settings.sso().signing();
        this.keys = parse(signing.keys());
        this.activeKeyId = signing.activeKeyId().orElse(null);
        if (activeKeyId != null && !keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("token-service.sso.signing.active-key-id names no key in token-service.sso.signing.keys");
        }
    }

    static Map<String, PublicJsonWebKey> parse(Map<String, String> configured) {
        Map<String, PublicJsonWebKey> parsed = new LinkedHashMap<>();
        configured.forEach((id, b64) -> {
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("signing key id must be 1-32 letters, digits, '_' or '-': " + id);
            }
            PublicJsonWebKey jwk;
            try {
                jwk = PublicJsonWebKey.Factory.newPublicJwk(new String(Base64.getDecoder().decode(b64.trim()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException | JoseException e) {
                // Never quote the value: it is a private key.
                throw new IllegalArgumentException("signing key " + id + " is not the base64 of a private JWK");
            }
            if (jwk.getPrivateKey() == null) {
                throw new IllegalArgumentException("signing key " + id + " has no private part");
            }
            if (jwk instanceof EllipticCurveJsonWebKey ec && !EllipticCurves.P_256.equals(ec.getCurveName())) {
                throw new IllegalArgumentException("signing key " + id + " must be on curve P-256 (ES256)");
            }
            if (jwk instanceof RsaJsonWebKey rsa && ((RSAPublicKey) rsa.getPublicKey()).getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("signing key " + id + " must have at least 2048 bits (RS256)");
            }
            jwk.setKeyId(id);
            jwk.setUse("sig");
            jwk.setAlgorithm(algorithm(jwk));
            parsed.put(id, jwk);
        });
        return Map.copyOf(parsed);
    }

    private static String algorithm(JsonWebKey jwk) {
        return jwk instanceof EllipticCurveJsonWebKey ? AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256
                : AlgorithmIdentifiers.RSA_USING_SHA256;
    }

    /** Whether assertions can be signed at all. */
    public boolean ready() {
        return activeKeyId != null;
    }

    /** Signs the claims with the active key: {@code kid}, {@code alg} ES256 or RS256, {@code typ} JWT. */
    public String sign(JwtClaims claims) {
        PublicJsonWebKey key = Optional.ofNullable(activeKeyId).map(keys::get)
                .orElseThrow(() -> new IllegalStateException("no active signing key"));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(key.getAlgorithm());
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("signing an assertion failed", e);
        }
    }

    /** The public JWK Set of every configured key (RFC 7517), active first. */
    public Map<String, Object> publicJwks() {
        List<Map<String, Object>> published = new ArrayList<>();
        if (activeKeyId != null) {
            published.add(keys.get(activeKeyId).toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        }
        keys.forEach((id, key) -> {
            if (!id.equals(activeKeyId)) {
                published.add(key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            }
        });
        return Map.of("keys", published);
    }
}

package com.oauthconfig.rig;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Platform-shaped tokens that must not be accepted: each differs from a valid one in exactly one way. */
public final class ForgedTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private ForgedTokens() {
    }

    /** Every forgery for a caller with {@code roles} in {@code orgId}, by the name of what is wrong. */
    public static Map<String, String> all(String orgId, String... roles) {
        Map<String, Object> claims = Map.of(OidcProvider.ORG_CLAIM, orgId, OidcProvider.ROLES_CLAIM, List.of(roles));
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("expired", Rig.oidc().platformToken("mallory", claims, -600));
        forged.put("wrong issuer", issued("okta", List.of(OidcProvider.PLATFORM_AUDIENCE), claims));
        forged.put("wrong audience", issued(OidcProvider.PLATFORM_ISSUER_ID, List.of("another-api"), claims));
        forged.put("alg none", unsigned(Rig.oidc().platformToken("mallory", orgId, roles)));
        forged.put("wrong key", signedWithUnknownKey(claims));
        forged.put("tampered", tampered(Rig.oidc().platformToken("mallory", orgId, roles)));
        forged.put("not a jwt", "not.a.jwt");
        return forged;
    }

    private static String issued(String issuerId, List<String> audience, Map<String, Object> claims) {
        return Rig.oidc().server().issueToken(issuerId, "mallory", new DefaultOAuth2TokenCallback(
                issuerId, "mallory", JOSEObjectType.JWT.getType(), audience, claims, 3600)).serialize();
    }

    /** The valid token's claims with header {@code alg: none} and no signature. */
    private static String unsigned(String valid) {
        String[] parts = valid.split("\\.");
        String header = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + parts[1] + ".";
    }

    /** The valid token with one claim changed (another subject) and the original signature kept. */
    private static String tampered(String valid) {
        String[] parts = valid.split("\\.");
        String payload = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"mallory\"", "\"sub\":\"alice\"");
        if (payload.equals(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8))) {
            throw new IllegalStateException("tampering changed nothing");
        }
        return parts[0] + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** Right issuer, audience and claims, signed by a key the provider never published (kid reused). */
    private static String signedWithUnknownKey(Map<String, Object> claims) {
        try {
            String valid = Rig.oidc().platformToken("mallory", claims, 3600);
            String kid = SignedJWT.parse(valid).getHeader().getKeyID();
            RSAKey key = new RSAKeyGenerator(2048).keyID(kid).generate();
            JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                    .issuer(Rig.oidc().platformIssuer()).subject("mallory")
                    .audience(OidcProvider.PLATFORM_AUDIENCE)
                    .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 3_600_000));
            claims.forEach(set::claim);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(), set.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package com.oauthconfig.token;

import com.nimbusds.jose.JOSEObjectType;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.callback;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The code is redeemed at a token endpoint (a real HTTP server the test controls, configured as
 * the config's explicit token endpoint, which wins over discovery) that returns ID tokens signed
 * by the rig's real provider keys but with one thing wrong each time.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class IdTokenTamperingTest {

    static final String ISSUER = "acme-okta";
    FakeProvider tokenEndpoint;

    @BeforeEach
    void start() {
        tokenEndpoint = new FakeProvider();
    }

    @AfterEach
    void stop() {
        tokenEndpoint.close();
    }

    private record Flow(String org, String configId, String clientId, String clientSecret, String token,
                        Map<String, String> redirect, String nonce) {
    }

    private Flow begin() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.config(org, ISSUER);
        config.put("endpoints", new JsonObject().put("token", tokenEndpoint.url("/token")));
        Fixtures.register(config);
        String token = userToken("ann", org);
        String url = authorizationUrl(token, org, config.getString("id"));
        String nonce = Fixtures.query(url.substring(url.indexOf('?') + 1)).get("nonce");
        return new Flow(org, config.getString("id"), config.getString("clientId"), config.getString("clientSecret"), token,
                followToProvider(url), nonce);
    }

    private void answerWithIdToken(String issuerId, String audience, String nonce) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("nonce", nonce);
        String idToken = Rig.oidc().server().issueToken(issuerId, "unused", new DefaultOAuth2TokenCallback(issuerId, "user-1",
                JOSEObjectType.JWT.getType(), List.of(audience), claims, 300)).serialize();
        tokenEndpoint.answerJson(200, new JsonObject().put("access_token", "at-" + System.nanoTime()).put("token_type", "Bearer")
                .put("expires_in", 300).put("refresh_token", "rt-" + System.nanoTime()).put("id_token", idToken));
    }

    @Test
    void validIdTokenFromTheExplicitTokenEndpointIsAccepted() {
        Flow f = begin();
        answerWithIdToken(ISSUER, f.clientId(), f.nonce());

        callback(f.token(), f.redirect().get("code"), f.redirect().get("state"), null).then().statusCode(200);
        assertEquals(1, tokenEndpoint.requests(), "the explicit token endpoint won over discovery");
        assertEquals("authorization_code", tokenEndpoint.lastForm().get("grant_type"));
        assertNotNull(tokenEndpoint.lastForm().get("code_verifier"));
        assertEquals(Fixtures.REDIRECT, tokenEndpoint.lastForm().get("redirect_uri"));
        assertNotNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"));
    }

    @Test
    void nonceMismatchIsRefusedAndNothingIsStored() {
        Flow f = begin();
        answerWithIdToken(ISSUER, f.clientId(), "another-nonce");

        callback(f.token(), f.redirect().get("code"), f.redirect().get("state"), null).then().statusCode(400)
                .body("type", equalTo("urn:oauth-platform:problem:sign-in-rejected"))
                .body("detail", containsString("nonce"));
        assertNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"));
    }

    @Test
    void idTokenOfAnotherIssuerIsRefused() {
        Flow f = begin();
        answerWithIdToken("evil-idp", f.clientId(), f.nonce());

        callback(f.token(), f.redirect().get("code"), f.redirect().get("state"), null).then().statusCode(400)
                .body("type", equalTo("urn:oauth-platform:problem:sign-in-rejected"))
                .body("detail", containsString("ID token is not valid"));
        assertNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"));
    }

    @Test
    void idTokenForAnotherAudienceIsRefused() {
        Flow f = begin();
        answerWithIdToken(ISSUER, "some-other-client", f.nonce());

        callback(f.token(), f.redirect().get("code"), f.redirect().get("state"), null).then().statusCode(400)
                .body("detail", containsString("wrong audience"));
        assertNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"));
    }

    @Test
    void unsignedIdTokenIsRefused() {
        Flow f = begin();
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new JsonObject()
                .put("iss", Rig.oidc().issuer(ISSUER)).put("aud", f.clientId()).put("sub", "x").put("nonce", f.nonce())
                .put("exp", System.currentTimeMillis() / 1000 + 300).encode().getBytes());
        tokenEndpoint.answerJson(200, new JsonObject().put("access_token", "at").put("token_type", "Bearer")
                .put("id_token", header + "." + payload + "."));

        callback(f.token(), f.redirect().get("code"), f.redirect().get("state"), null).then().statusCode(400)
                .body("type", equalTo("urn:oauth-platform:problem:sign-in-rejected"));
        assertNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"));
    }

    /**
     * Algorithm confusion: an ID token whose header says HS256, MACed with something the attacker
     * knows or can fetch (the client secret the provider shares with us, the provider's public key
     * in the forms a naive verifier would turn into an HMAC key). Each is refused, nothing stored.
     */
    @Test
    void idTokenMacedWithHs256UsingTheClientSecretOrThePublicKeyIsRefused() throws Exception {
        String jwks = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(Rig.oidc().issuer(ISSUER) + "/jwks")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        org.jose4j.jwk.PublicJsonWebKey key = (org.jose4j.jwk.PublicJsonWebKey) new org.jose4j.jwk.JsonWebKeySet(jwks)
                .getJsonWebKeys().get(0);
        byte[] der = key.getPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        Map<String, java.util.function.Function<Flow, byte[]>> hmacKeys = new java.util.LinkedHashMap<>();
        hmacKeys.put("client secret", f -> f.clientSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        hmacKeys.put("public key DER", f -> der);
        hmacKeys.put("public key PEM", f -> pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        hmacKeys.put("public JWK JSON", f -> key.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));

        for (var entry : hmacKeys.entrySet()) {
            Flow f = begin();
            org.jose4j.jwt.JwtClaims claims = new org.jose4j.jwt.JwtClaims();
            claims.setIssuer(Rig.oidc().issuer(ISSUER));
            claims.setAudience(f.clientId());
            claims.setSubject("user-1");
            claims.setClaim("nonce", f.nonce());
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(5);
            org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(org.jose4j.jws.AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setKey(new org.jose4j.keys.HmacKey(entry.getValue().apply(f)));
            jws.setDoKeyValidation(false); // a short client secret is still a usable HMAC key for the attacker
            tokenEndpoint.answerJson(200, new JsonObject().put("access_token", "at-" + System.nanoTime())
                    .put("token_type", "Bearer").put("expires_in", 300).put("id_token", jws.getCompactSerialization()));

            callback(f.token(), f.redirect().get("code"), f.redirect().get("state"), null).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:oauth-platform:problem:sign-in-rejected"));
            assertNull(Fixtures.tokenRow(f.org(), f.configId(), "ann"), "HS256 keyed with the " + entry.getKey() + " stored nothing");
        }
    }

    @Test
    void providerErrorAtTheTokenEndpointBecomesAProblemWithoutInternals() {
        Flow f = begin();
        tokenEndpoint.answerJson(503, new JsonObject().put("error", "temporarily_unavailable"));

        callback(f.token(), f.redirect().get("code"), f.redirect().get("state"), null).then().statusCode(503)
                .contentType("application/problem+json");
        assertEquals(1, tokenEndpoint.requests(), "a code is never retried: it is single use");
    }
}

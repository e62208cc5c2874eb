package com.oauthconfig.token;

import com.nimbusds.jose.JOSEObjectType;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.support.FakeConfigService;
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

    private record Flow(String org, String configId, String clientId, String token, Map<String, String> redirect, String nonce) {
    }

    private Flow begin() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.config(org, ISSUER);
        config.put("endpoints", new JsonObject().put("token", tokenEndpoint.url("/token")));
        Fixtures.register(config);
        String token = userToken("ann", org);
        String url = authorizationUrl(token, org, config.getString("id"));
        String nonce = Fixtures.query(url.substring(url.indexOf('?') + 1)).get("nonce");
        return new Flow(org, config.getString("id"), config.getString("clientId"), token, followToProvider(url), nonce);
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

    @Test
    void providerErrorAtTheTokenEndpointBecomesAProblemWithoutInternals() {
        Flow f = begin();
        tokenEndpoint.answerJson(503, new JsonObject().put("error", "temporarily_unavailable"));

        callback(f.token(), f.redirect().get("code"), f.redirect().get("state"), null).then().statusCode(503)
                .contentType("application/problem+json");
        assertEquals(1, tokenEndpoint.requests(), "a code is never retried: it is single use");
    }
}

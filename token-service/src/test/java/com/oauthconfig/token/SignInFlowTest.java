package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.UUID;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.callback;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class SignInFlowTest {

    /** A JWT in text: a JSON header and a JSON payload, base64url, each followed by a dot. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");

    static final String ISSUER = "acme-okta";

    @Inject
    AccessTokenService tokenProvider;
    @Inject
    EnvelopeCipher cipher;

    @Test
    void authorizationUrlCarriesPkceS256StateNonceScopesRedirectAndLoginHint() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String url = authorizationUrl(userToken("ann", org), org, config.getString("id"));

        assertTrue(url.startsWith(Rig.oidc().issuer(ISSUER) + "/authorize?"), url);
        Map<String, String> q = Fixtures.query(url.substring(url.indexOf('?') + 1));
        assertEquals("code", q.get("response_type"));
        assertEquals(config.getString("clientId"), q.get("client_id"));
        assertEquals(Fixtures.REDIRECT, q.get("redirect_uri"));
        assertEquals("openid profile offline_access", q.get("scope"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length());
        assertTrue(q.get("state").length() >= 43, "state has at least 256 bits");
        assertNotNull(q.get("nonce"));
        assertEquals("ann@acme.example", q.get("login_hint"));
        // The state is stored only as a hash: the database cannot complete anyone's sign-in.
        assertFalse(Fixtures.dumpOrg(org).contains(q.get("state")));
    }

    @Test
    void wholeCodeFlowWithRealRedirectStoresSealedTokensAndServesThemToTheInjectionPath() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String configId = config.getString("id");
        String token = userToken("ann", org);
        int tokenCalls = Rig.oidc().requestCount(ISSUER, "token");

        Map<String, String> redirect = followToProvider(authorizationUrl(token, org, configId));
        String body = callback(token, redirect.get("code"), redirect.get("state"), null)
                .then().statusCode(200)
                .body("status", equalTo("SIGNED_IN"))
                .body("configId", equalTo(configId))
                .body("title", equalTo("acme.oauth.token"))
                .body("refreshTokenIssued", equalTo(true))
                .extract().asString();
        assertFalse(body.contains("eyJ"), "no JWT in the callback response");
        assertEquals(tokenCalls + 1, Rig.oidc().requestCount(ISSUER, "token"));

        Map<String, Object> row = Fixtures.tokenRow(org, configId, "ann");
        assertEquals("ACTIVE", row.get("status"));
        assertEquals(Rig.oidc().issuer(ISSUER), row.get("id_issuer"));
        assertNotNull(row.get("id_subject"));
        String context = TokenRow.context(org, configId, "ann");
        String access = cipher.open((String) row.get("access_token_sealed"), context);
        String refresh = cipher.open((String) row.get("refresh_token_sealed"), context);
        String dump = Fixtures.dumpOrg(org);
        assertFalse(dump.contains(access), "access token not in plaintext in the database");
        assertFalse(dump.contains(refresh), "refresh token not in plaintext in the database");
        // A JWT's shape, not "eyJ" alone: sealed values are base64 of random bytes, which hold "eyJ" about
        // once in 260,000 characters, so that test failed now and then on a correct store.
        assertFalse(JWT.matcher(dump).find(), "no JWT at all in plaintext in the database");
        assertNull(Fixtures.row("select 1 from auth_state where org_id = ?", org), "state deleted on use");

        AccessTokenResult result = tokenProvider.accessTokenFor(org, configId, "ann").await().atMost(Duration.ofSeconds(30));
        assertTrue(result.isOk(), result.toString());
        assertEquals(access, result.accessToken());
        assertFalse(result.toString().contains(access));
    }

    @Test
    void replayedStateIsRefused() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String token = userToken("ann", org);
        Map<String, String> redirect = followToProvider(authorizationUrl(token, org, config.getString("id")));
        callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(200);

        callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("state"))
                .body("detail", containsString("already used"));
    }

    @Test
    void stateOfAnotherUserIsRefusedAndBurnt() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String configId = config.getString("id");
        String ann = userToken("ann", org);
        Map<String, String> redirect = followToProvider(authorizationUrl(ann, org, configId));
        int tokenCalls = Rig.oidc().requestCount(ISSUER, "token");

        callback(userToken("bob", org), redirect.get("code"), redirect.get("state"), null).then().statusCode(400)
                .body("errors[0].field", equalTo("state"))
                .body("detail", containsString("not issued to you"));
        assertEquals(tokenCalls, Rig.oidc().requestCount(ISSUER, "token"), "the code was never redeemed");
        assertNull(Fixtures.tokenRow(org, configId, "bob"));
        // A state that was shown to someone else is spent.
        callback(ann, redirect.get("code"), redirect.get("state"), null).then().statusCode(400);
    }

    @Test
    void stateOfAnotherOrganisationIsRefused() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Map<String, String> redirect = followToProvider(authorizationUrl(userToken("ann", org), org, config.getString("id")));

        callback(userToken("ann", Fixtures.newOrg()), redirect.get("code"), redirect.get("state"), null)
                .then().statusCode(400).body("errors[0].field", equalTo("state"));
    }

    @Test
    void expiredStateIsRefused() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String token = userToken("ann", org);
        Map<String, String> redirect = followToProvider(authorizationUrl(token, org, config.getString("id")));
        Fixtures.update("update auth_state set expires_at = now() - interval '1 second' where org_id = ?", org);

        callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(400)
                .body("errors[0].field", equalTo("state"));
    }

    @Test
    void wrongVerifierIsRefusedByTheProviderAndNothingIsStored() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String configId = config.getString("id");
        String token = userToken("ann", org);
        Map<String, String> first = followToProvider(authorizationUrl(token, org, configId));
        Map<String, String> second = followToProvider(authorizationUrl(token, org, configId));
        // Give the first transaction the second one's (validly sealed) verifier.
        Fixtures.update("update auth_state a set verifier_sealed = b.verifier_sealed from auth_state b "
                + "where a.org_id = ? and b.org_id = a.org_id and a.state_hash <> b.state_hash and a.created_at <= b.created_at", org);

        callback(token, first.get("code"), first.get("state"), null).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:oauth-platform:problem:sign-in-rejected"))
                .body("providerError", equalTo("invalid_grant"));
        assertNull(Fixtures.tokenRow(org, configId, "ann"));
        assertNotNull(second.get("code"));
    }

    @Test
    void issParameterOfAnotherProviderIsRefusedBeforeTheCodeIsRedeemed() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String token = userToken("ann", org);
        Map<String, String> redirect = followToProvider(authorizationUrl(token, org, config.getString("id")));
        int tokenCalls = Rig.oidc().requestCount(ISSUER, "token");

        callback(token, redirect.get("code"), redirect.get("state"), Rig.oidc().issuer("evil-idp")).then().statusCode(400)
                .body("errors[0].field", equalTo("iss"));
        assertEquals(tokenCalls, Rig.oidc().requestCount(ISSUER, "token"));
    }

    @Test
    void matchingIssParameterIsAccepted() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String token = userToken("ann", org);
        Map<String, String> redirect = followToProvider(authorizationUrl(token, org, config.getString("id")));

        callback(token, redirect.get("code"), redirect.get("state"), Rig.oidc().issuer(ISSUER)).then().statusCode(200);
    }

    @Test
    void authorizeNeedsAMemberOfTheOrganisation() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        given().contentType("application/json").body("{}")
                .when().post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, config.getString("id"))
                .then().statusCode(401);
        given().auth().oauth2(userToken("eve", Fixtures.newOrg())).contentType("application/json").body("{}")
                .when().post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, config.getString("id"))
                .then().statusCode(404);
    }

    @Test
    void unknownConfigAnswers404AndBadInputNamesTheField() {
        String org = Fixtures.newOrg();
        String token = userToken("ann", org);
        given().auth().oauth2(token).contentType("application/json").body("{}")
                .when().post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, UUID.randomUUID().toString())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{}")
                .when().post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, "not-a-uuid")
                .then().statusCode(400).body("errors[0].field", equalTo("configId"));
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        given().auth().oauth2(token).contentType("application/json").body("{\"redirectUrl\":\"https://evil.example/\"}")
                .when().post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, config.getString("id"))
                .then().statusCode(400).body("errors[0].field", equalTo("redirectUrl"))
                .body(not(containsString("s3cret")));
        callback(token, "c", null, null).then().statusCode(400).body("errors[0].field", equalTo("state"));
    }

    @Test
    void providerErrorInTheRedirectIsReportedAndSpendsTheState() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String token = userToken("ann", org);
        Map<String, String> redirect = followToProvider(authorizationUrl(token, org, config.getString("id")));

        given().auth().oauth2(token).queryParam("state", redirect.get("state")).queryParam("error", "access_denied")
                .when().get("/api/oauth/callback")
                .then().statusCode(400)
                .body("type", equalTo("urn:oauth-platform:problem:sign-in-rejected"))
                .body("providerError", equalTo("access_denied"));
        callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(400)
                .body("errors[0].field", equalTo("state"));
    }

    @Test
    void graphSignInCarriesTheDomainHintAuth0TheApiAudienceAndLoginHintOnlyWhenConfigured() {
        String org = Fixtures.newOrg();
        JsonObject graph = Fixtures.register(Fixtures.config(org, ISSUER).put("type", "GRAPH"));
        String url = authorizationUrl(userToken("ann", org), org, graph.getString("id"));
        Map<String, String> q = Fixtures.query(url.substring(url.indexOf('?') + 1));
        assertEquals("acme.example", q.get("domain_hint"));
        assertEquals("ann@acme.example", q.get("login_hint"));

        JsonObject withoutHint = Fixtures.register(Fixtures.config(org, ISSUER).putNull("loginHint"));
        String plain = authorizationUrl(userToken("ann", org), org, withoutHint.getString("id"));
        assertFalse(plain.contains("login_hint"), "no login_hint when the config does not use it");

        String rig = Rig.oidc().issuer(ISSUER);
        JsonObject auth0 = Fixtures.register(Fixtures.config(org, ISSUER).put("type", "AUTH0").put("audience", "https://api.acme.example")
                .put("endpoints", new JsonObject().put("authorization", rig + "/authorize").put("token", rig + "/token").put("jwks", rig + "/jwks")));
        String auth0Url = authorizationUrl(userToken("ann", org), org, auth0.getString("id"));
        assertEquals("https://api.acme.example", Fixtures.query(auth0Url.substring(auth0Url.indexOf('?') + 1)).get("audience"));
    }

    @Test
    void theSameCallbackArrivingTwiceAtOnceSucceedsExactlyOnce() throws Exception {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String token = userToken("ann", org);
        Map<String, String> redirect = followToProvider(authorizationUrl(token, org, config.getString("id")));

        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var calls = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 4; i++) {
                calls.add(pool.submit(() -> callback(token, redirect.get("code"), redirect.get("state"), null).statusCode()));
            }
            int ok = 0;
            for (var call : calls) {
                int status = call.get();
                assertTrue(status == 200 || status == 400, "status " + status);
                ok += status == 200 ? 1 : 0;
            }
            assertEquals(1, ok, "a state is single use even under concurrent delivery");
        } finally {
            pool.shutdownNow();
        }
    }
}

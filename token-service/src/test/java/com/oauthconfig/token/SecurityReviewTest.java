package com.oauthconfig.token;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.callback;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Findings of the security review of the sign-in and check endpoints, each through HTTP on the real
 * rig: authorize answers are not cacheable, a check under another organisation evicts nothing, pending
 * sign-ins are capped per user, and a provider without PKCE S256 is refused at sign-in.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class SecurityReviewTest {

    static final String ISSUER = "acme-okta";

    @Test
    void authorizeAnswerCarriesCacheControlNoStore() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));

        given().auth().oauth2(userToken("ann", org)).contentType("application/json").body("{}")
                .when().post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, config.getString("id"))
                .then().statusCode(200)
                .header("Cache-Control", equalTo("no-store"))
                .body("authorizationUrl", containsString("state="));
    }

    @Test
    void checkByAnAdminOfAnotherOrganisationIsNotFoundAndEvictsNothingOfTheOwner() {
        String orgB = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(orgB, ISSUER));
        String id = config.getString("id");
        String title = config.getString("title");
        // The injection path caches the config (by title and id); sign-ins read it afresh, so they cannot show this.
        Functions.resolve(orgB, "ann", null, title);
        String orgA = Fixtures.newOrg();

        given().auth().oauth2(Rig.oidc().platformToken("adam", orgA, "ADMIN", "OWNER"))
                .when().post("/api/orgs/{org}/oauth-configs/{id}/check", orgA, id)
                .then().statusCode(404).contentType("application/problem+json");
        int readsAfterCheck = FakeConfigService.reads(id) + FakeConfigService.reads("title:" + title);
        Functions.resolve(orgB, "ann", null, title);

        assertEquals(readsAfterCheck, FakeConfigService.reads(id) + FakeConfigService.reads("title:" + title),
                "organisation B's cached config is still used: A's check did not evict it");
    }

    @Test
    void atMostTenPendingSignInsPerUserAndTheNewestTenStillComplete() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String id = config.getString("id");
        String ann = userToken("ann", org);
        String bob = userToken("bob", org);
        String bobsUrl = authorizationUrl(bob, org, id);

        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            urls.add(authorizationUrl(ann, org, id));
        }

        assertEquals(10, pending(org, id, "ann"), "the oldest five were dropped");
        assertEquals(1, pending(org, id, "bob"), "another user's sign-in is untouched");
        for (String url : urls.subList(0, 5)) {
            Map<String, String> redirect = followToProvider(url);
            callback(ann, redirect.get("code"), redirect.get("state"), null).then().statusCode(400)
                    .body("errors[0].field", equalTo("state"));
        }
        for (String url : urls.subList(5, 15)) {
            Map<String, String> redirect = followToProvider(url);
            callback(ann, redirect.get("code"), redirect.get("state"), null).then().statusCode(200)
                    .body("status", equalTo("SIGNED_IN"));
        }
        assertEquals(0, pending(org, id, "ann"));
        Map<String, String> bobs = followToProvider(bobsUrl);
        callback(bob, bobs.get("code"), bobs.get("state"), null).then().statusCode(200);
    }

    @Test
    void providerAdvertisingPkceWithoutS256IsRefusedAtSignInAndNothingIsStarted() {
        try (FakeProvider idp = new FakeProvider()) {
            String issuer = idp.url("/idp");
            JsonObject metadata = new JsonObject().put("issuer", issuer)
                    .put("authorization_endpoint", issuer + "/authorize").put("token_endpoint", issuer + "/token")
                    .put("jwks_uri", issuer + "/jwks")
                    .put("code_challenge_methods_supported", new JsonArray().add("plain"));
            idp.answer((req, form) -> {
                if (req.path().endsWith("/.well-known/openid-configuration")) {
                    req.response().putHeader("Content-Type", "application/json").end(metadata.encode());
                } else {
                    req.response().setStatusCode(404).end();
                }
            });
            String org = Fixtures.newOrg();
            JsonObject config = Fixtures.register(Fixtures.config(org, null).put("type", "OPENID").put("issuer", issuer));

            Response r = given().auth().oauth2(userToken("ann", org)).contentType("application/json").body("{}")
                    .when().post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, config.getString("id"));

            r.then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:oauth-platform:problem:sign-in-rejected"))
                    .body("detail", containsString("S256"))
                    .body("finding", equalTo("PKCE_S256_UNSUPPORTED"));
            assertEquals(0, ((Number) Fixtures.row("select count(*) from auth_state where org_id = ?", org).get("count")).longValue(),
                    "no sign-in transaction was started");
        }
    }

    private static long pending(String org, String configId, String user) {
        return ((Number) Fixtures.row("select count(*) from auth_state where org_id = ? and config_id = ? and user_id = ?",
                org, configId, user).get("count")).longValue();
    }
}

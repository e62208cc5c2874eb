package com.oauthconfig.token;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.alias.AliasResolution;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.oauthconfig.token.support.Functions.call;
import static com.oauthconfig.token.support.Functions.execute;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What the apps get to help a user sign in: the config's name and image and the solution in
 * {@code OAuthCredentialsMissingError}, {@code SIGN_IN_DENIED} after a sign-in declined at the
 * provider (until one completes), and the login hint filled from the user's platform token.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class SignInUxTest {

    static final String ISSUER = "acme-okta";
    static final String TITLE = "acme.oauth.token";
    static final String IMAGE = "https://cdn.acme.example/acme.png";

    Upstream upstream;

    @BeforeEach
    void start() {
        upstream = new Upstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private JsonObject registered(String org) {
        return Fixtures.register(Fixtures.config(org, ISSUER).put("name", "Acme Work Account").put("imageUrl", IMAGE));
    }

    @Test
    void theMissingErrorCarriesTheConfigsNameAndImageAndTheSolutionWhenGiven() {
        String org = Fixtures.newOrg();
        JsonObject config = registered(org);

        Response byTitle = execute(call(org, "ann", TITLE, "GET", upstream.url("/data")).put("solutionId", "sol-1"));
        byTitle.then().statusCode(401).body("error.name", equalTo("OAuthCredentialsMissingError"))
                .body("error.reason", equalTo("NOT_SIGNED_IN"))
                .body("error.configName", equalTo("Acme Work Account"))
                .body("error.imageUrl", equalTo(IMAGE))
                .body("error.solutionId", equalTo("sol-1"))
                .body("error.providerError", nullValue());

        // Without a solution: none named. Through an alias: the solution and the aliased config's name.
        execute(call(org, "ann", TITLE, "GET", upstream.url("/data"))).then().statusCode(401)
                .body("error.solutionId", nullValue()).body("error.configName", equalTo("Acme Work Account"));
        FakeAliasService.alias(org, "sol-2", "Work mail", new AliasResolution(java.util.UUID.randomUUID(), java.util.UUID.fromString(config.getString("id")), AliasStatus.OK, null));
        Functions.resolve(org, "ann", "sol-2", "Work mail").then().statusCode(401)
                .body("error.reason", equalTo("NOT_SIGNED_IN"))
                .body("error.title", equalTo("Work mail"))
                .body("error.configName", equalTo("Acme Work Account"))
                .body("error.imageUrl", equalTo(IMAGE))
                .body("error.solutionId", equalTo("sol-2"));
        assertEquals(0, upstream.received().size());
    }

    @Test
    void aSignInDeclinedAtTheProviderAnswersSignInDeniedWithTheProvidersCodeUntilASignInCompletes() {
        String org = Fixtures.newOrg();
        JsonObject config = registered(org);
        String id = config.getString("id");
        String token = Fixtures.userToken("ann", org);

        // The user presses "cancel" at the provider: it redirects with error=access_denied and the state.
        String url = Fixtures.authorizationUrl(token, org, id);
        String state = Fixtures.query(url.substring(url.indexOf('?') + 1)).get("state");
        given().auth().oauth2(token).queryParam("state", state).queryParam("error", "access_denied")
                .when().get("/api/oauth/callback").then().statusCode(400)
                .body("type", equalTo("urn:oauth-platform:problem:sign-in-rejected"))
                .body("providerError", equalTo("access_denied"));

        for (Response r : List.of(execute(call(org, "ann", TITLE, "GET", upstream.url("/data"))), Functions.resolve(org, "ann", null, TITLE))) {
            r.then().statusCode(401).body("error.name", equalTo("OAuthCredentialsMissingError"))
                    .body("error.reason", equalTo("SIGN_IN_DENIED"))
                    .body("error.providerError", equalTo("access_denied"))
                    .body("error.signInUrl", equalTo("/api/orgs/" + org + "/oauth-configs/" + id + "/authorize"));
            String message = r.jsonPath().getString("error.message").toLowerCase();
            assertFalse(message.contains("oauth") || message.contains("token") || message.contains("credential"), message);
        }
        // Another user of the organisation is not affected.
        execute(call(org, "bob", TITLE, "GET", upstream.url("/data"))).then().statusCode(401).body("error.reason", equalTo("NOT_SIGNED_IN"));
        // A provider's later refusal with another code replaces the first.
        String url2 = Fixtures.authorizationUrl(token, org, id);
        given().auth().oauth2(token).queryParam("state", Fixtures.query(url2.substring(url2.indexOf('?') + 1)).get("state"))
                .queryParam("error", "consent_required").when().get("/api/oauth/callback").then().statusCode(400);
        Functions.resolve(org, "ann", null, TITLE).then().statusCode(401).body("error.providerError", equalTo("consent_required"));

        Fixtures.signIn("ann", org, id);
        execute(call(org, "ann", TITLE, "GET", upstream.url("/data"))).then().statusCode(200);
        assertNull(Fixtures.row("select * from sign_in_denial where org_id = ?", org), "a completed sign-in ends the denial");
        given().auth().oauth2(token).when().delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", org, id).then().statusCode(204);
        Functions.resolve(org, "ann", null, TITLE).then().statusCode(401).body("error.reason", equalTo("REVOKED"))
                .body("error.providerError", nullValue());
    }

    @Test
    void aDeclineByAnotherUserOrWithAStateOfSomeoneElseRecordsNothing() {
        String org = Fixtures.newOrg();
        JsonObject config = registered(org);
        String url = Fixtures.authorizationUrl(Fixtures.userToken("ann", org), org, config.getString("id"));
        String state = Fixtures.query(url.substring(url.indexOf('?') + 1)).get("state");
        given().auth().oauth2(Fixtures.userToken("mallory", org)).queryParam("state", state).queryParam("error", "access_denied")
                .when().get("/api/oauth/callback").then().statusCode(400).body("errors[0].field", equalTo("state"));
        assertNull(Fixtures.row("select * from sign_in_denial where org_id = ?", org));
        Functions.resolve(org, "ann", null, TITLE).then().statusCode(401).body("error.reason", equalTo("NOT_SIGNED_IN"));
    }

    /** A platform token of the organisation with the claims a login-hint template reads. */
    private static String tokenWith(String org, Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("org_id", org);
        all.put("roles", List.of("MEMBER"));
        return Rig.oidc().platformToken("ann", all, 3600);
    }

    private static Map<String, String> authorizeQuery(String token, String org, String configId, String body) {
        String url = given().auth().oauth2(token).contentType("application/json").body(body)
                .when().post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, configId)
                .then().statusCode(200).extract().path("authorizationUrl");
        return Fixtures.query(url.substring(url.indexOf('?') + 1));
    }

    @Test
    void theLoginHintTemplateIsFilledFromTheUsersPlatformTokenForEveryConfigType() {
        String org = Fixtures.newOrg();
        String rig = Rig.oidc().issuer(ISSUER);
        String token = tokenWith(org, Map.of("preferred_username", "ann.lee@fabrikam.example", "email", "ann@fabrikam.example"));
        for (String type : List.of("GRAPH", "OKTA", "OPENID", "AUTH0")) {
            JsonObject c = Fixtures.config(org, ISSUER).put("type", type).put("loginHint", "{username}@contoso.com");
            if (type.equals("AUTH0")) {
                c.put("audience", "https://api.acme.example").put("endpoints", new JsonObject().put("authorization", rig + "/authorize")
                        .put("token", rig + "/token").put("jwks", rig + "/jwks"));
            }
            Fixtures.register(c);
            Map<String, String> q = authorizeQuery(token, org, c.getString("id"), "{}");
            assertEquals("ann.lee@contoso.com", q.get("login_hint"), type);
            assertEquals(type.equals("GRAPH") ? "contoso.com" : null, q.get("domain_hint"), type);

            c.put("loginHint", "{email}").put("version", 2);
            Fixtures.register(c);
            assertEquals("ann@fabrikam.example", authorizeQuery(token, org, c.getString("id"), "{}").get("login_hint"), type);
            // What the user typed in the app wins over the template.
            assertEquals("typed@acme.example", authorizeQuery(token, org, c.getString("id"),
                    "{\"loginHint\":\"typed@acme.example\"}").get("login_hint"), type);
        }
    }

    @Test
    void aTemplateWhoseClaimTheUserLacksSendsNoHintAndAConfigWithoutOneSendsNone() {
        String org = Fixtures.newOrg();
        JsonObject upn = Fixtures.register(Fixtures.config(org, ISSUER).put("loginHint", "{upn}"));
        Map<String, String> q = authorizeQuery(tokenWith(org, Map.of("email", "ann@fabrikam.example")), org, upn.getString("id"), "{}");
        assertNull(q.get("login_hint"));

        JsonObject none = Fixtures.register(Fixtures.config(org, ISSUER).putNull("loginHint"));
        assertNull(authorizeQuery(tokenWith(org, Map.of("email", "ann@fabrikam.example")), org, none.getString("id"),
                "{\"loginHint\":\"typed@acme.example\"}").get("login_hint"));
    }
}

package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.ForgedTokens;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Injection acts only for a user who is present: the function runtime's own client credential is
 * not enough to obtain or use a user's provider token; the user's own platform token
 * ({@code X-User-Token}) names the organisation and user, and the runtime is recognised by the
 * client id its token was issued to, never by a subject or name.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class InjectionUserPresenceTest {

    private static final String TITLE = "acme.oauth.token";

    @Inject
    EnvelopeCipher cipher;

    Upstream upstream;

    @BeforeEach
    void start() {
        upstream = new Upstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private JsonObject configWithUsers(String org, String... users) {
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta"));
        for (String user : users) {
            Fixtures.signIn(user, org, config.getString("id"));
        }
        return config;
    }

    private static RequestSpecification runtime() {
        return given().auth().oauth2(Functions.serviceToken()).contentType("application/json");
    }

    private static void assertProblem(Response r, int status) {
        assertEquals(status, r.statusCode(), r.asString());
        assertEquals("application/problem+json", r.contentType().split(";")[0], r.asString());
        assertFalse(r.asString().contains("eyJ"), "no token in the answer");
    }

    @Test
    void withoutTheUsersOwnTokenNothingIsResolvedOrSent() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        int titleReads = FakeConfigService.titleReads();

        assertProblem(runtime().body(Functions.call(org, "ann", TITLE, "GET", upstream.url("/me")).encode())
                .post("/api/functions/execute"), 401);
        assertProblem(runtime().body(Functions.resolveBody(org, "ann", null, TITLE).encode()).post("/api/tokens/resolve"), 401);

        assertEquals(0, upstream.received().size(), "the function's target was not called");
        assertEquals(titleReads, FakeConfigService.titleReads(), "nothing was resolved");
    }

    @Test
    void aBodyNamingAnotherUserOrOrganisationIsRefusedAndTheTokenNamesWhoseTokenIsUsed() {
        String org = Fixtures.newOrg();
        String otherOrg = Fixtures.newOrg();
        JsonObject config = configWithUsers(org, "ann", "bob");
        configWithUsers(otherOrg, "bob");
        String annsOwnToken = Functions.userToken(org, "ann");
        int titleReads = FakeConfigService.titleReads();

        for (JsonObject names : List.of(new JsonObject().put("orgId", org).put("userId", "bob"),
                new JsonObject().put("orgId", otherOrg).put("userId", "bob"), new JsonObject().put("orgId", otherOrg),
                new JsonObject().put("userId", "bob"))) {
            JsonObject call = Functions.call(null, null, TITLE, "GET", upstream.url("/me")).mergeIn(names);
            assertProblem(runtime().header(Functions.USER_TOKEN, annsOwnToken).body(call.encode()).post("/api/functions/execute"), 403);
            JsonObject resolve = Functions.resolveBody(null, null, null, TITLE).mergeIn(names);
            assertProblem(runtime().header(Functions.USER_TOKEN, annsOwnToken).body(resolve.encode()).post("/api/tokens/resolve"), 403);
        }
        assertEquals(0, upstream.received().size(), "no call for another user");
        assertEquals(titleReads, FakeConfigService.titleReads(), "nothing was resolved for another user");

        // Without orgId and userId the call acts for the user of the token: ann's own provider token goes out.
        JsonObject call = Functions.call(null, null, TITLE, "GET", upstream.url("/me"));
        call.remove("orgId");
        call.remove("userId");
        runtime().header(Functions.USER_TOKEN, annsOwnToken).body(call.encode()).post("/api/functions/execute").then().statusCode(200);
        assertEquals("Bearer " + Functions.storedAccessToken(cipher, config, "ann"), upstream.last().header("Authorization"));
        runtime().header(Functions.USER_TOKEN, annsOwnToken).body(new JsonObject().put("tokenReference", TITLE)
                        .put("url", Functions.RESOLVE_TARGET).encode()).post("/api/tokens/resolve")
                .then().statusCode(200).body("accessToken", equalTo(Functions.storedAccessToken(cipher, config, "ann")));
    }

    @Test
    void anExpiredOrForgedUserTokenIs401AndNothingIsResolvedOrSent() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "mallory");
        int titleReads = FakeConfigService.titleReads();
        int introspections = Rig.oidc().requestCount("platform", "introspect");
        for (Map.Entry<String, String> forged : ForgedTokens.all(org, "MEMBER").entrySet()) {
            Response execute = runtime().header(Functions.USER_TOKEN, forged.getValue())
                    .body(Functions.call(org, "mallory", TITLE, "GET", upstream.url("/me")).encode()).post("/api/functions/execute");
            assertEquals(401, execute.statusCode(), forged.getKey() + ": " + execute.asString());
            assertProblem(execute, 401);
            Response resolve = runtime().header(Functions.USER_TOKEN, forged.getValue())
                    .body(Functions.resolveBody(org, "mallory", null, TITLE).encode()).post("/api/tokens/resolve");
            assertEquals(401, resolve.statusCode(), forged.getKey() + ": " + resolve.asString());
            assertProblem(resolve, 401);
        }
        assertEquals(0, upstream.received().size());
        assertEquals(titleReads, FakeConfigService.titleReads());
        assertEquals(introspections, Rig.oidc().requestCount("platform", "introspect"), "no introspection fallback");
    }

    @Test
    void aServiceTokenOrATokenOfNoOrganisationProvesNoUser() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        for (String notAPerson : List.of(Functions.serviceToken(),
                Rig.oidc().platformToken("ann", Map.of("roles", List.of("SUPPORT")), 3600),
                Rig.oidc().platformToken("ann", Map.of("org_id", org, "roles", List.of("SERVICE")), 3600))) {
            assertProblem(runtime().header(Functions.USER_TOKEN, notAPerson)
                    .body(Functions.call(org, "ann", TITLE, "GET", upstream.url("/me")).encode()).post("/api/functions/execute"), 403);
        }
        assertEquals(0, upstream.received().size());
    }

    @Test
    void theRuntimeIsRecognisedByTheClientIdItsTokenWasIssuedToNeverBySubjectOrName() {
        String org = Fixtures.newOrg();
        configWithUsers(org, "ann");
        Map<String, Object> service = Map.of("roles", List.of("SERVICE"));
        String uuid = UUID.randomUUID().toString();
        // No azp/client_id: a subject or a preferred_username equal to the allowed client id proves nothing.
        List<String> refused = List.of(
                Rig.oidc().platformTokenWithExactClaims("function-runtime", service, 3600),
                Rig.oidc().platformTokenWithExactClaims(uuid, Map.of("roles", List.of("SERVICE"), "preferred_username", "function-runtime",
                        "upn", "function-runtime"), 3600),
                Rig.oidc().platformTokenWithExactClaims("function-runtime", Map.of("roles", List.of("SERVICE"), "azp", "reporting-job"), 3600));
        for (String token : refused) {
            assertProblem(given().auth().oauth2(token).header(Functions.USER_TOKEN, Functions.userToken(org, "ann"))
                    .contentType("application/json").body(Functions.call(org, "ann", TITLE, "GET", upstream.url("/me")).encode())
                    .post("/api/functions/execute"), 403);
        }
        assertEquals(0, upstream.received().size());
        // A service account whose subject is a UUID (Keycloak-style) is recognised by azp or client_id.
        for (String claim : List.of("azp", "client_id")) {
            String token = Rig.oidc().platformTokenWithExactClaims(uuid, Map.of("roles", List.of("SERVICE"), claim, "function-runtime"), 3600);
            given().auth().oauth2(token).header(Functions.USER_TOKEN, Functions.userToken(org, "ann")).contentType("application/json")
                    .body(Functions.call(org, "ann", TITLE, "GET", upstream.url("/me")).encode()).post("/api/functions/execute")
                    .then().statusCode(200);
        }
        assertEquals(2, upstream.received().size());
    }

    @Test
    void resolveNamesTheUrlItWillCallAndTheConfigsApiHostsDecide() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-okta").put("apiHosts", new JsonArray().add("api.allowed.example")));
        Fixtures.signIn("ann", org, config.getString("id"));
        String ann = Functions.userToken(org, "ann");

        runtime().header(Functions.USER_TOKEN, ann).body(Functions.resolveBody(org, "ann", null, TITLE)
                        .put("url", "https://api.allowed.example/v1/me").encode()).post("/api/tokens/resolve")
                .then().statusCode(200);
        Response elsewhere = runtime().header(Functions.USER_TOKEN, ann).body(Functions.resolveBody(org, "ann", null, TITLE)
                .put("url", "https://collector.evil.example/steal").encode()).post("/api/tokens/resolve");
        elsewhere.then().statusCode(403).body("error.name", equalTo("FunctionNotAllowedError"));
        assertFalse(elsewhere.asString().contains(Functions.storedAccessToken(cipher, config, "ann")));
        Response missing = runtime().header(Functions.USER_TOKEN, ann).body(new JsonObject().put("tokenReference", TITLE).encode())
                .post("/api/tokens/resolve");
        assertProblem(missing, 400);
        assertTrue(missing.asString().contains("url"), missing.asString());
    }
}

package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.alias.AliasResolution;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.store.RefreshService;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.UUID;

import static com.oauthconfig.token.support.Functions.call;
import static com.oauthconfig.token.support.Functions.execute;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OAuthCredentialsMissingError contract the apps' error handlers match: one reason code per
 * cause with its sign-in URL, through both injection endpoints, and distinct names for every
 * other failure. Also resolution through OAuth aliases.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class CredentialsMissingErrorTest {

    static final String ISSUER = "acme-okta";
    static final String TITLE = "acme.oauth.token";

    @Inject
    EnvelopeCipher cipher;
    @Inject
    OAuthConfigCache configSource;

    Upstream upstream;

    @BeforeEach
    void start() {
        upstream = new Upstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    /** Asserts the contract's shape and returns the error object; the upstream must have received nothing. */
    private JsonPath missing(Response r, String reason, String correlationId) {
        r.then().statusCode(401).contentType("application/json")
                .body("error.name", equalTo("OAuthCredentialsMissingError"))
                .body("error.reason", equalTo(reason))
                .body("error.correlationId", equalTo(correlationId));
        String message = r.jsonPath().getString("error.message").toLowerCase(Locale.ROOT);
        for (String jargon : new String[] {"oauth", "token", "credential", "refresh", "grant", "scope"}) {
            assertFalse(message.contains(jargon), "plain language, no '" + jargon + "': " + message);
        }
        assertEquals(0, upstream.received().size(), "nothing left the service");
        return r.jsonPath();
    }

    private Response run(String org, String user, String reference, String correlationId) {
        return execute(call(org, user, reference, "GET", upstream.url("/data")), correlationId);
    }

    @Test
    void neverSignedInAnswersNotSignedInWithAWorkingSignInUrl() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));

        JsonPath e = missing(run(org, "ann", TITLE, "c-1"), "NOT_SIGNED_IN", "c-1");

        String signIn = "/api/orgs/" + org + "/oauth-configs/" + config.getString("id") + "/authorize";
        assertEquals(signIn, e.getString("error.signInUrl"));
        assertEquals(TITLE, e.getString("error.title"));
        // Recovery: the app starts the sign-in at that URL with the user's own token.
        given().auth().oauth2(Fixtures.userToken("ann", org)).contentType("application/json").body("{}")
                .when().post(signIn).then().statusCode(200);
        // The same answer from the resolve endpoint.
        Response resolved = Functions.resolve(org, "ann", null, TITLE);
        resolved.then().statusCode(401).body("error.name", equalTo("OAuthCredentialsMissingError"))
                .body("error.reason", equalTo("NOT_SIGNED_IN")).body("error.signInUrl", equalTo(signIn));
    }

    @Test
    void aRefusedRefreshAnswersRefreshFailed() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Fixtures.signIn("ann", org, config.getString("id"));
        // As RefreshService leaves a row after invalid_grant (RefreshTest drives that against the provider).
        Fixtures.update("update user_token set status = 'REAUTH_REQUIRED', status_reason = 'invalid_grant', access_token_sealed = null, "
                + "refresh_token_sealed = null where org_id = ?", org);

        JsonPath e = missing(run(org, "ann", TITLE, "c-2"), "REFRESH_FAILED", "c-2");
        assertTrue(e.getString("error.signInUrl").endsWith(config.getString("id") + "/authorize"));
    }

    @Test
    void afterSignOutTheCallAnswersRevoked() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Fixtures.signIn("ann", org, config.getString("id"));
        given().auth().oauth2(Fixtures.userToken("ann", org)).when()
                .delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", org, config.getString("id")).then().statusCode(204);

        missing(run(org, "ann", TITLE, "c-3"), "REVOKED", "c-3");
    }

    @Test
    void aConfigWhoseIssuerClientOrScopesChangedAnswersConsentRequired() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Fixtures.signIn("ann", org, config.getString("id"));
        execute(call(org, "ann", TITLE, "GET", upstream.url("/ok"))).then().statusCode(200);

        config.put("scopes", new JsonArray().add("openid").add("offline_access").add("mail.read")).put("version", 2);
        Fixtures.register(config);
        configSource.evict(config.getString("id"));

        try (Upstream fresh = new Upstream()) {
            Response r = execute(call(org, "ann", TITLE, "GET", fresh.url("/data")), "c-4");
            r.then().statusCode(401).body("error.reason", equalTo("CONSENT_REQUIRED"))
                    .body("error.signInUrl", equalTo("/api/orgs/" + org + "/oauth-configs/" + config.getString("id") + "/authorize"));
            assertEquals(0, fresh.received().size());
        }
    }

    @Test
    void anAliasResolvesToItsConfigAndABrokenAliasAnswersAliasBroken() {
        String org = Fixtures.newOrg();
        String solution = "sol-" + UUID.randomUUID();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Fixtures.signIn("ann", org, config.getString("id"));
        FakeAliasService.alias(org, solution, "crm", new AliasResolution(UUID.randomUUID(), UUID.fromString(config.getString("id")), AliasStatus.OK, null));
        FakeAliasService.alias(org, solution, "erp", new AliasResolution(UUID.randomUUID(), UUID.randomUUID(), AliasStatus.BROKEN, "CONFIG_REMOVED"));

        execute(call(org, "ann", "crm", "GET", upstream.url("/via-alias")).put("solutionId", solution)).then().statusCode(200);
        assertEquals("Bearer " + Functions.storedAccessToken(cipher, config, "ann"), upstream.last().header("Authorization"));
        Response token = Functions.resolve(org, "ann", solution, "crm");
        token.then().statusCode(200).header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer")).body("configId", equalTo(config.getString("id")))
                .body("title", equalTo(TITLE));
        assertEquals(Functions.storedAccessToken(cipher, config, "ann"), token.jsonPath().getString("accessToken"));

        try (Upstream other = new Upstream()) {
            Response broken = execute(call(org, "ann", "erp", "GET", other.url("/x")).put("solutionId", solution), "c-5");
            broken.then().statusCode(401).body("error.name", equalTo("OAuthCredentialsMissingError"))
                    .body("error.reason", equalTo("ALIAS_BROKEN")).body("error.title", equalTo("erp"));
            assertNull(broken.jsonPath().getString("error.signInUrl"), "signing in cannot repair an alias");
            assertEquals(0, other.received().size());
        }
        // The alias of another solution is not visible from this one.
        execute(call(org, "ann", "crm", "GET", upstream.url("/x")).put("solutionId", "sol-other")).then().statusCode(404)
                .body("error.name", equalTo("TokenReferenceNotFoundError"));
    }

    @Test
    void anAliasToAConfigTheConfigServiceNoLongerHasAnswersConfigRemoved() {
        String org = Fixtures.newOrg();
        String solution = "sol-" + UUID.randomUUID();
        FakeAliasService.alias(org, solution, "gone", new AliasResolution(UUID.randomUUID(), UUID.randomUUID(), AliasStatus.OK, null));

        JsonPath e = missing(execute(call(org, "ann", "gone", "GET", upstream.url("/x")).put("solutionId", solution), "c-6"),
                "CONFIG_REMOVED", "c-6");
        assertNull(e.getString("error.signInUrl"), "there is nothing to sign in to");
    }

    @Test
    void anUnknownReferenceIsNotACredentialsProblem() {
        String org = Fixtures.newOrg();
        execute(call(org, "ann", "no.such.title", "GET", upstream.url("/x"))).then().statusCode(404)
                .body("error.name", equalTo("TokenReferenceNotFoundError"));
        Functions.resolve(org, "ann", null, "no.such.title").then().statusCode(404)
                .body("error.name", equalTo("TokenReferenceNotFoundError"));
        assertEquals(0, upstream.received().size());
    }

    @Test
    void aFailingProviderAnswersProviderUnavailableErrorNotCredentialsMissing() {
        String org = Fixtures.newOrg();
        try (FakeProvider provider = new FakeProvider()) {
            JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER)
                    .put("endpoints", new JsonObject().put("token", provider.url("/token"))));
            Fixtures.signInThrough(provider, config, "ann", ISSUER);
            // The config's own token endpoint now fails.
            provider.answerJson(503, new JsonObject().put("error", "temporarily_unavailable"));
            int before = provider.requests();
            Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ?", org);

            Response r = run(org, "ann", TITLE, "c-7");

            r.then().statusCode(503).body("error.name", equalTo("ProviderUnavailableError"))
                    .body("error.correlationId", equalTo("c-7"));
            assertTrue(provider.requests() > before, "the refresh was tried");
            assertEquals(0, upstream.received().size());
        }
    }

    @Test
    void anUnavailableAliasServiceAnswersDependencyUnavailableError() {
        String org = Fixtures.newOrg();
        FakeAliasService.failResolutionsWith(503);
        try {
            Response r = execute(call(org, "ann", "crm", "GET", upstream.url("/x")).put("solutionId", "sol-1"), "c-8");
            r.then().statusCode(503).body("error.name", equalTo("DependencyUnavailableError"));
            assertNotEquals("OAuthCredentialsMissingError", r.jsonPath().getString("error.name"));
        } finally {
            FakeAliasService.failResolutionsWith(0);
        }
        assertEquals(0, upstream.received().size());
    }

    @Test
    void resolveIsForPlatformServicesOnly() {
        String org = Fixtures.newOrg();
        given().auth().oauth2(Fixtures.userToken("ann", org)).contentType("application/json")
                .header(Functions.USER_TOKEN, Fixtures.userToken("ann", org))
                .body(Functions.resolveBody(org, "ann", null, TITLE).encode())
                .when().post("/api/tokens/resolve").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Functions.serviceToken()).header(Functions.USER_TOKEN, Fixtures.userToken("ann", org))
                .contentType("application/json").body(Functions.resolveBody(org, "ann", null, TITLE).putNull("url").encode())
                .when().post("/api/tokens/resolve").then().statusCode(400).body("errors[0].field", equalTo("url"));
    }
}

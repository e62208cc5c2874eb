package com.oauthconfig.token;

import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.provider.ClientCredentialsService;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.token.support.ConfigEvents;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Upstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static com.oauthconfig.token.support.Functions.call;
import static com.oauthconfig.token.support.Functions.execute;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moving a provider does not move users' tokens: a change of the issuer or of any endpoint's
 * origin makes stored tokens unusable (CONSENT_REQUIRED), they are never sent to the new origin
 * (refresh, sign-out), and they are revoked at the old provider with the old secret.
 * Client-credentials tokens of the old origin are not served either.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class ProviderMoveTest {

    static final String ISSUER = "acme-okta";
    static final String TITLE = "acme.oauth.token";

    @Inject
    MeterRegistry meters;
    @Inject
    OAuthConfigCache configCache;
    @Inject
    ClientCredentialsService clientCredentials;

    /** The host an administrator moved the provider to. */
    FakeProvider moved;
    Upstream upstream;

    @BeforeEach
    void start() {
        moved = new FakeProvider();
        moved.answerJson(200, new JsonObject().put("access_token", "from-the-moved-host").put("refresh_token", "rt-moved")
                .put("expires_in", 300).put("token_type", "Bearer"));
        upstream = new Upstream();
        ConfigEvents.awaitConsumersReady(meters, ISSUER);
    }

    @AfterEach
    void stop() {
        moved.close();
        upstream.close();
    }

    private JsonObject signedIn(String user) {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Fixtures.signIn(user, org, config.getString("id"));
        return config;
    }

    /** Version 2 of the config: token and revocation endpoints on the moved host, and the secret given again. */
    private JsonObject movedTo(JsonObject config) {
        return Fixtures.register(config.copy().put("version", 2).put("clientSecret", "moved-secret-" + UUID.randomUUID())
                .put("endpoints", new JsonObject().put("token", moved.url("/token")).put("revocation", moved.url("/revoke"))));
    }

    @Test
    void movingTheTokenAndRevocationEndpointsRetiresTokensAndRevokesThemAtTheOldProviderOnly() {
        JsonObject config = signedIn("ann");
        String org = config.getString("orgId");
        int accepted = ConfigChangeRevocationTest.authenticatedRevocations();
        int refused = ConfigChangeRevocationTest.refusedRevocations();
        JsonObject v2 = movedTo(config);

        ConfigEvents.send(ConfigEvents.event("UPDATED", v2, 2, "endpoints", "clientSecret"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "REAUTH_REQUIRED".equals(
                Fixtures.tokenRow(org, config.getString("id"), "ann").get("status")));
        assertEquals(TokenRow.CONSENT_REQUIRED_REASON, Fixtures.tokenRow(org, config.getString("id"), "ann").get("status_reason"));
        execute(call(org, "ann", TITLE, "GET", upstream.url("/x"))).then().statusCode(401)
                .body("error.reason", equalTo("CONSENT_REQUIRED"));
        // Revoked where it was issued, with the secret that provider knows.
        ConfigChangeRevocationTest.awaitRevokedWithSecret(accepted, refused, 1);
        assertEquals(0, moved.requests(), "nothing went to the moved host");
        assertEquals(0, upstream.received().size());
    }

    @Test
    void aMovedTokenEndpointNeverReceivesAKeptRefreshTokenEvenBeforeTheEventArrives() {
        JsonObject config = signedIn("ann");
        String org = config.getString("orgId");
        movedTo(config);
        configCache.evict(config.getString("id"));
        Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ?", org);

        execute(call(org, "ann", TITLE, "GET", upstream.url("/x"))).then().statusCode(401)
                .body("error.reason", equalTo("CONSENT_REQUIRED"));

        assertEquals(0, moved.requests(), "the refresh token was not sent to the moved token endpoint");
        assertEquals(0, upstream.received().size());
    }

    @Test
    void signOutNeverSendsTokensToAMovedRevocationEndpoint() {
        JsonObject config = signedIn("ann");
        String org = config.getString("orgId");
        movedTo(config);
        configCache.evict(config.getString("id"));

        given().auth().oauth2(Fixtures.userToken("ann", org))
                .when().delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", org, config.getString("id"))
                .then().statusCode(204);

        assertEquals(0, moved.requests(), "neither token went to the moved revocation endpoint");
        assertNotEquals("ACTIVE", Fixtures.tokenRow(org, config.getString("id"), "ann").get("status"));
    }

    @Test
    void clientCredentialsCachedForTheOldOriginAreNotServedAfterAMove() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, "acme-m2m"));
        AccessTokenResult before = clientCredentials.tokenFor(org, config.getString("id")).await().atMost(Duration.ofSeconds(30));
        assertTrue(before.isOk(), before.toString());
        // Even at the same version (a replica re-reading the config), the old origin's token is not reused.
        Fixtures.register(config.copy().put("endpoints", new JsonObject().put("token", moved.url("/token"))));
        configCache.evict(config.getString("id"));

        AccessTokenResult after = clientCredentials.tokenFor(org, config.getString("id")).await().atMost(Duration.ofSeconds(30));

        assertTrue(after.isOk(), after.toString());
        assertEquals("from-the-moved-host", after.accessToken());
        assertEquals(1, moved.requests());
    }
}

package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What reaches the provider's revocation endpoint (RFC 7009) when a user's tokens are replaced by a
 * new sign-in or ended by sign-out, counted at the rig's provider or at a programmed endpoint that
 * records every form. Providers with refresh-token rotation and reuse detection end the whole grant
 * when its refresh token is revoked, so the refresh token is what is revoked, once.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class ProviderRevocationTest {

    /** An issuer of the rig's provider used by no other test, so its revocation count is this class's alone. */
    static final String ISSUER = "revocation-order";

    @Inject
    EnvelopeCipher cipher;
    @Inject
    AccessTokenService tokens;

    FakeProvider revocation;

    @BeforeEach
    void start() {
        revocation = new FakeProvider();
    }

    @AfterEach
    void stop() {
        revocation.close();
    }

    private static int revokes() {
        return Rig.oidc().requestCount(ISSUER, "revoke");
    }

    private String stored(JsonObject config, String column) {
        String org = config.getString("orgId");
        String id = config.getString("id");
        return cipher.open((String) Fixtures.tokenRow(org, id, "ann").get(column), TokenRow.context(org, id, "ann"));
    }

    /** A config whose revocation endpoint is the recording fake (an explicit endpoint wins over discovery). */
    private JsonObject configRevokingAtTheFake() {
        JsonObject config = Fixtures.config(Fixtures.newOrg(), ISSUER);
        config.put("endpoints", new JsonObject().put("revocation", revocation.url("/revoke")));
        return Fixtures.register(config);
    }

    private static void signOut(JsonObject config) {
        given().auth().oauth2(Fixtures.userToken("ann", config.getString("orgId")))
                .when().delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", config.getString("orgId"), config.getString("id"))
                .then().statusCode(204);
    }

    @Test
    void signingInAgainRevokesTheReplacedRefreshTokenOnceAndKeepsTheNewOne() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        int beforeFirst = revokes();
        Fixtures.signIn("ann", org, config.getString("id"));
        assertEquals(beforeFirst, revokes(), "a first sign-in replaces nothing");
        String oldRefresh = stored(config, "refresh_token_sealed");

        Fixtures.signIn("ann", org, config.getString("id"));

        await().atMost(Duration.ofSeconds(10)).until(() -> revokes() == beforeFirst + 1);
        String newRefresh = stored(config, "refresh_token_sealed");
        assertNotEquals(oldRefresh, newRefresh);
        assertEquals(400, Fixtures.providerRefreshStatus(ISSUER, oldRefresh), "the replaced refresh token is dead at the provider");
        Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ?", org);
        assertTrue(tokens.accessTokenFor(org, config.getString("id"), "ann").await().atMost(Duration.ofSeconds(10)).isOk(),
                "the new sign-in's refresh token still works");
        assertEquals(beforeFirst + 1, revokes(), "only the replaced refresh token was revoked, not the access token too");
    }

    @Test
    void theReplacedRefreshTokenIsSentForRevocationWithTheClientsAuthentication() {
        JsonObject config = configRevokingAtTheFake();
        revocation.answerJson(200, new JsonObject());
        Fixtures.signIn("ann", config.getString("orgId"), config.getString("id"));
        String oldRefresh = stored(config, "refresh_token_sealed");
        assertEquals(0, revocation.requests());

        Fixtures.signIn("ann", config.getString("orgId"), config.getString("id"));

        await().atMost(Duration.ofSeconds(10)).until(() -> revocation.requests() == 1);
        Map<String, String> form = revocation.forms().get(0);
        assertEquals(oldRefresh, form.get("token"));
        assertEquals("refresh_token", form.get("token_type_hint"));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(config.getString("clientId"), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(config.getString("clientSecret"), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        assertEquals("Basic " + basic, revocation.authorizations().get(0), "client_secret_basic, as at the token endpoint");
        assertNotEquals(oldRefresh, stored(config, "refresh_token_sealed"));
    }

    @Test
    void aFailedRevocationOfTheReplacedTokenIsLoggedWithoutItAndTheSignInStillSucceeds() {
        SecretsNeverLoggedTest.Capture capture = new SecretsNeverLoggedTest.Capture();
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            JsonObject config = configRevokingAtTheFake();
            revocation.answerJson(503, new JsonObject().put("error", "temporarily_unavailable"));
            Fixtures.signIn("ann", config.getString("orgId"), config.getString("id"));
            String oldRefresh = stored(config, "refresh_token_sealed");
            String oldAccess = stored(config, "access_token_sealed");

            Fixtures.signIn("ann", config.getString("orgId"), config.getString("id"));

            assertEquals("ACTIVE", Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), "ann").get("status"));
            assertNotEquals(oldRefresh, stored(config, "refresh_token_sealed"), "the new tokens are stored");
            await().atMost(Duration.ofSeconds(10)).until(() -> capture.lines.stream()
                    .anyMatch(l -> l.contains("replaced") && l.contains(config.getString("orgId"))));
            assertTrue(revocation.requests() >= 1);
            String logs = String.join("\n", capture.lines);
            assertFalse(logs.contains(oldRefresh), "the replaced refresh token is not in the logs");
            assertFalse(logs.contains(oldAccess));
        } finally {
            root.removeHandler(capture);
        }
    }

    @Test
    void signOutRevokesOnlyTheRefreshTokenWhenThatSucceeds() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        Fixtures.signIn("ann", org, config.getString("id"));
        String refresh = stored(config, "refresh_token_sealed");
        int before = revokes();

        signOut(config);

        assertEquals(before + 1, revokes(), "one revocation call: the refresh token's; the grant and its access tokens end with it");
        assertEquals(400, Fixtures.providerRefreshStatus(ISSUER, refresh));
        assertEquals("REVOKED", Fixtures.tokenRow(org, config.getString("id"), "ann").get("status"));
    }

    @Test
    void signOutRevokesTheAccessTokenOnlyWhenTheRefreshTokenCouldNotBeRevoked() {
        JsonObject config = configRevokingAtTheFake();
        Fixtures.signIn("ann", config.getString("orgId"), config.getString("id"));
        String access = stored(config, "access_token_sealed");
        revocation.answer((req, form) -> req.response().setStatusCode("refresh_token".equals(form.get("token_type_hint")) ? 503 : 200)
                .putHeader("Content-Type", "application/json").end("{}"));

        signOut(config);

        List<String> hints = revocation.forms().stream().map(f -> f.get("token_type_hint")).toList();
        assertEquals("access_token", hints.get(hints.size() - 1), "the access token after the refresh token failed: " + hints);
        assertEquals(access, revocation.forms().get(hints.size() - 1).get("token"));
        assertTrue(hints.subList(0, hints.size() - 1).stream().allMatch("refresh_token"::equals), hints.toString());
        assertEquals("REVOKED", Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), "ann").get("status"));
    }
}

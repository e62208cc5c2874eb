package com.oauthconfig.token;

import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.support.ConfigEvents;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.callback;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An admin changes a config's scopes while users sign in. A sign-in started after the change uses
 * the new scopes and survives the change's event; one started before it is refused at the callback
 * with a problem of its own, not as an unknown state. The config-service stand-in holds the new
 * version as soon as the admin's change is committed; the event follows on the real broker.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class SignInDuringConfigChangeTest {

    static final String ISSUER = "acme-okta";

    /** The admin's change as the config-service commits it: version 2 with one more scope. */
    private static JsonObject changeScopes(JsonObject config) {
        config.put("version", 2).put("scopes", new JsonArray().add("openid").add("profile").add("offline_access").add("files.read"));
        return Fixtures.register(config);
    }

    private static Map<String, String> query(String url) {
        return Fixtures.query(url.substring(url.indexOf('?') + 1));
    }

    private static int pendingSignIns(JsonObject config, String user) {
        Map<String, Object> r = Fixtures.row("select count(*) as n from auth_state where org_id = ? and config_id = ? and user_id = ?",
                config.getString("orgId"), config.getString("id"), user);
        return ((Number) r.get("n")).intValue();
    }

    @Test
    void aSignInStartedRightAfterAScopeChangeAsksForTheNewScopesAndRecordsTheNewVersion() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String ann = userToken("ann", org);
        authorizationUrl(ann, org, config.getString("id")); // this replica now holds version 1
        changeScopes(config);

        String url = authorizationUrl(ann, org, config.getString("id"));

        assertTrue(query(url).get("scope").contains("files.read"), "the authorization URL carries the scopes of version 2: " + url);
        Map<String, Object> state = Fixtures.row("select config_version, scopes from auth_state where org_id = ? "
                + "and user_id = 'ann' order by seq desc limit 1", org);
        assertEquals(2L, ((Number) state.get("config_version")).longValue());
        assertTrue(((String) state.get("scopes")).contains("files.read"));
    }

    @Test
    void theChangesEventDeletesOnlySignInsStartedUnderTheOlderVersionAndTheNewerOneCompletes() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String carol = userToken("carol", org);
        String carolsUrl = authorizationUrl(carol, org, config.getString("id"));
        changeScopes(config);
        String ann = userToken("ann", org);
        Map<String, String> annsRedirect = followToProvider(authorizationUrl(ann, org, config.getString("id")));
        Map<String, String> carolsRedirect = followToProvider(carolsUrl);

        JsonObject event = ConfigEvents.event("UPDATED", config, 2, "scopes");
        ConfigEvents.send(event);
        await().atMost(Duration.ofSeconds(60)).until(() -> ConfigEvents.applied(event));

        assertEquals(0, pendingSignIns(config, "carol"), "carol's sign-in asked for the old scopes");
        assertEquals(1, pendingSignIns(config, "ann"), "ann's sign-in began after the change");
        callback(ann, annsRedirect.get("code"), annsRedirect.get("state"), null).then().statusCode(200)
                .body("status", equalTo("SIGNED_IN")).body("scopes", containsString("files.read"));
        assertEquals("ACTIVE", Fixtures.tokenRow(org, config.getString("id"), "ann").get("status"));
        callback(carol, carolsRedirect.get("code"), carolsRedirect.get("state"), null).then().statusCode(400);
        assertNull(Fixtures.tokenRow(org, config.getString("id"), "carol"));
    }

    @Test
    void aSignInStartedBeforeAScopeChangeIsRefusedAtTheCallbackAsOutdatedNotAsAnUnknownState() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String ann = userToken("ann", org);
        Map<String, String> redirect = followToProvider(authorizationUrl(ann, org, config.getString("id")));
        changeScopes(config); // committed at the config-service; its event has not been applied here yet

        callback(ann, redirect.get("code"), redirect.get("state"), null).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:oauth-platform:problem:sign-in-outdated"))
                .body("reason", equalTo("CONSENT_CHANGED"))
                .body("detail", containsString("start the sign-in again"));
        assertNull(Fixtures.tokenRow(org, config.getString("id"), "ann"), "nothing stored for the old consent");

        // Starting again works at once, with the new scopes.
        Map<String, String> again = followToProvider(authorizationUrl(ann, org, config.getString("id")));
        callback(ann, again.get("code"), again.get("state"), null).then().statusCode(200)
                .body("scopes", containsString("files.read"));
    }

    @Test
    void aSignInStartedBeforeAChangeThatLeavesConsentAloneStillCompletes() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String ann = userToken("ann", org);
        Map<String, String> redirect = followToProvider(authorizationUrl(ann, org, config.getString("id")));
        config.put("version", 2).put("name", "Acme renamed");
        Fixtures.register(config);

        callback(ann, redirect.get("code"), redirect.get("state"), null).then().statusCode(200);
        assertNotNull(Fixtures.tokenRow(org, config.getString("id"), "ann"));
    }
}

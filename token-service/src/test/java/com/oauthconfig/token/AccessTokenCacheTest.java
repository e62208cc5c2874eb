package com.oauthconfig.token;

import com.oauthconfig.rig.RigResource;
import java.util.UUID;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.token.handout.AccessTokenResult;
import com.oauthconfig.token.handout.FailureReason;
import com.oauthconfig.token.store.AccessTokenCache;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.token.support.ConfigEvents;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class AccessTokenCacheTest {

    static final String ISSUER = "acme-okta";

    @Inject
    AccessTokenService tokens;
    @Inject
    AccessTokenCache cache;
    @Inject
    TokenServiceConfig settings;

    /** Signed in, and the token served once and cached (the sign-in's own notification may evict a first read). */
    private JsonObject signedIn(String org, String user) {
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        long before = cache.stamp();
        Fixtures.signIn(user, org, config.getString("id"));
        // The sign-in's write: evicted here at once, then again by its notification after the commit.
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.stamp() >= before + 2);
        String fp = fingerprint(config, user);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(config, user).isOk() && cached(config, user, fp) != null);
        return config;
    }

    private AccessTokenResult get(JsonObject config, String user) {
        return tokens.accessTokenFor(config.getString("orgId"), config.getString("id"), user).await().atMost(Duration.ofSeconds(30));
    }

    private AccessTokenCache.Hit cached(JsonObject config, String user, String fingerprint) {
        return cache.get(config.getString("orgId"), config.getString("id"), user, fingerprint, Instant.now());
    }

    private String fingerprint(JsonObject config, String user) {
        return (String) Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), user).get("consent_fingerprint");
    }

    private void awaitListening() {
        await().atMost(Duration.ofSeconds(30)).until(cache::isListening);
    }

    @Test
    void aServedTokenIsCachedAndTheNextCallGetsTheSameTokenFromMemory() {
        awaitListening();
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        AccessTokenResult first = get(config, "ann");
        assertTrue(first.isOk());

        AccessTokenCache.Hit hit = cached(config, "ann", fingerprint(config, "ann"));
        assertNotNull(hit, "the token is in this replica's cache after the first read");
        assertEquals(first.accessToken(), hit.accessToken());
        assertEquals(first.expiresAt(), hit.expiresAt());
        assertEquals(first.accessToken(), get(config, "ann").accessToken());
        assertNull(cached(config, "ann", "another-fingerprint"), "never served for another consent fingerprint");
        assertTrue(!hit.toString().contains(hit.accessToken()), "the token never appears in toString");
    }

    @Test
    void signOutEvictsAtOnceAndTheNextCallAnswersRevoked() {
        awaitListening();
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        assertTrue(get(config, "ann").isOk());
        assertNotNull(cached(config, "ann", fingerprint(config, "ann")));

        given().auth().oauth2(Fixtures.userToken("ann", org))
                .when().delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", org, config.getString("id"))
                .then().statusCode(204);

        // No waiting: the replica that signed the user out forgot the token before answering.
        assertEquals(FailureReason.REVOKED, get(config, "ann").reason());
    }

    @Test
    void aRowChangedElsewhereIsEvictedByTheDatabaseNotificationAndRefreshed() {
        awaitListening();
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        String before = get(config, "ann").accessToken();
        String fp = fingerprint(config, "ann");
        assertNotNull(cached(config, "ann", fp));

        // As another replica or an operator would: a plain SQL change of the row, not through this service.
        Fixtures.update("update user_token set access_expires_at = now() - interval '1 second' where org_id = ? and config_id = ? and user_id = ?",
                org, config.getString("id"), "ann");

        await().atMost(Duration.ofSeconds(30)).until(() -> cached(config, "ann", fp) == null);
        AccessTokenResult after = get(config, "ann");
        assertTrue(after.isOk(), "the expired token was refreshed");
        assertNotEquals(before, after.accessToken(), "a new token, not the cached one");
        // The refresh's own write evicted; a later read of the new row caches it.
        await().atMost(Duration.ofSeconds(10)).until(() -> after.accessToken().equals(get(config, "ann").accessToken())
                && cached(config, "ann", fp) != null);
        assertEquals(after.accessToken(), cached(config, "ann", fp).accessToken(), "the refreshed token is cached in turn");
    }

    @Test
    void aSignOutWrittenByAnotherReplicaTakesEffectHereThroughTheNotification() {
        awaitListening();
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        assertTrue(get(config, "ann").isOk());
        String fp = fingerprint(config, "ann");

        Fixtures.update("update user_token set status = 'REVOKED', status_reason = 'signed_out', access_token_sealed = null, "
                + "refresh_token_sealed = null, access_expires_at = null where org_id = ? and config_id = ? and user_id = ?",
                org, config.getString("id"), "ann");

        await().atMost(Duration.ofSeconds(30)).until(() -> cached(config, "ann", fp) == null);
        assertEquals(FailureReason.REVOKED, get(config, "ann").reason());
    }

    @Test
    void aConfigRemovalEventEvictsTheConfigsTokens() {
        awaitListening();
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        assertTrue(get(config, "ann").isOk());
        String fp = fingerprint(config, "ann");
        assertNotNull(cached(config, "ann", fp));

        FakeConfigService.remove(UUID.fromString(config.getString("id")));
        ConfigEvents.send(ConfigEvents.event("REMOVED", config, 2));

        await().atMost(Duration.ofSeconds(10)).until(() -> cached(config, "ann", fp) == null);
        assertEquals(FailureReason.CONFIG_REMOVED, get(config, "ann").reason());
    }

    @Test
    void anEntryIsNeverServedAtOrAfterItsHandOutLimitNorBeyondMaxAge() {
        AccessTokenCache local = new AccessTokenCache(settings, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        local.listening(true);
        Instant now = Instant.now();

        // Usable until now + 1 s (exp or the 15-minute cap, less the margin, whichever first).
        local.put(local.stamp(), "o", "c", "u", "t1", now.plusSeconds(61), now.plusSeconds(1), "fp", now);
        assertEquals("t1", local.get("o", "c", "u", "fp", now).accessToken());
        assertNull(local.get("o", "c", "u", "fp", now.plusSeconds(1)), "not at the limit");
        assertNull(local.get("o", "c", "u", "fp", now), "dropped once seen expired");

        // A token valid for 15 minutes is still reused at most max-age.
        local.put(local.stamp(), "o", "c", "u", "t2", now.plus(Duration.ofMinutes(15)), now.plus(Duration.ofMinutes(14)), "fp", now);
        Duration maxAge = Duration.ofSeconds(60); // token-service.token-cache.max-age as documented (README: 60S)
        assertEquals("t2", local.get("o", "c", "u", "fp", now.plus(maxAge).minusSeconds(1)).accessToken());
        assertNull(local.get("o", "c", "u", "fp", now.plus(maxAge)));

        // Already past its limit: never cached.
        local.put(local.stamp(), "o", "c", "u", "t3", now, now.minusSeconds(1), "fp", now);
        assertEquals(0, local.size());
    }

    @Test
    void aReadThatRacedWithAnEvictionIsNotCachedAndNothingIsCachedWhileNotListening() {
        AccessTokenCache local = new AccessTokenCache(settings, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        Instant now = Instant.now();
        local.put(local.stamp(), "o", "c", "u", "t", now.plusSeconds(600), now.plusSeconds(540), "fp", now);
        assertNull(local.get("o", "c", "u", "fp", now), "not listening: the cache is off");

        local.listening(true);
        long stamp = local.stamp();
        local.evict("o", "c", "other-user"); // any change while the row was being read
        local.put(stamp, "o", "c", "u", "t", now.plusSeconds(600), now.plusSeconds(540), "fp", now);
        assertNull(local.get("o", "c", "u", "fp", now), "a row read before an eviction is not cached");

        local.put(local.stamp(), "o", "c", "u", "t", now.plusSeconds(600), now.plusSeconds(540), "fp", now);
        assertEquals("t", local.get("o", "c", "u", "fp", now).accessToken());
        local.evictConfig("c");
        assertNull(local.get("o", "c", "u", "fp", now), "config events drop every token of the config");

        local.put(local.stamp(), "o", "c", "u", "t", now.plusSeconds(600), now.plusSeconds(540), "fp", now);
        local.listening(false);
        assertNull(local.get("o", "c", "u", "fp", now), "losing the listener empties and disables the cache");
        local.listening(true);
        assertEquals(0, local.size());
    }

    @Test
    void losingTheListenerConnectionSwitchesTheCacheOffUntilItListensAgainAndStartsEmpty() {
        awaitListening();
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        String fp = fingerprint(config, "ann");

        // The database ends the listener's session, as a restart or a network cut would.
        Fixtures.row("select count(pg_terminate_backend(pid)) as n from pg_stat_activity "
                + "where pid <> pg_backend_pid() and query ilike 'LISTEN%user_token_changed%'");

        // Reconnecting waits a second, so the off state is seen.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> !cache.isListening());
        assertNull(cached(config, "ann", fp), "nothing is served from a cache that may have missed a change");
        awaitListening();
        assertTrue(get(config, "ann").isOk(), "served from the row meanwhile and after");
        await().atMost(Duration.ofSeconds(10)).until(() -> get(config, "ann").isOk() && cached(config, "ann", fp) != null);
    }
}

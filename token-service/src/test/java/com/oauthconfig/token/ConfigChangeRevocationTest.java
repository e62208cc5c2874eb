package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.token.support.ConfigEvents;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Removals and consent changes revoke users' tokens at the provider that issued them, with that
 * config's client secret, whatever this replica's caches hold: the secret comes from the
 * config-service's retired copy, and each token set is a durable job retried until the provider
 * answers or the grace window ends. The rig's provider refuses revocation without the secret.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class ConfigChangeRevocationTest {

    static final String ISSUER = "acme-okta";

    @Inject
    EnvelopeCipher cipher;
    @Inject
    MeterRegistry meters;
    @Inject
    OAuthConfigCache configCache;

    FakeProvider provider;

    @BeforeEach
    void start() {
        provider = new FakeProvider();
        ConfigEvents.awaitConsumersReady(meters, ISSUER);
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private double jobs(String outcome) {
        var c = meters.find("token.revocation.jobs").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private JsonObject signedIn(String... users) {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        for (String u : users) {
            Fixtures.signIn(u, org, config.getString("id"));
        }
        return config;
    }

    private String refreshToken(JsonObject config, String user) {
        Map<String, Object> row = Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), user);
        return cipher.open((String) row.get("refresh_token_sealed"), TokenRow.context(config.getString("orgId"), config.getString("id"), user));
    }

    private static int rows(String table, JsonObject config) {
        Map<String, Object> r = Fixtures.row("select count(*) as n from " + table + " where config_id = ?", config.getString("id"));
        return ((Number) r.get("n")).intValue();
    }

    /** Revocation calls the rig's provider accepted (the client authenticated with its secret) so far. */
    static int authenticatedRevocations() {
        return Rig.oidc().requestCount(ISSUER, "revoke") - Rig.oidc().refusedClientAuthentications(ISSUER, "revoke");
    }

    static int refusedRevocations() {
        return Rig.oidc().refusedClientAuthentications(ISSUER, "revoke");
    }

    /** Every refresh token was revoked with the client's secret: one accepted refresh-token revocation each, none refused. */
    static void awaitRevokedWithSecret(int acceptedBefore, int refusedBefore, int tokenSets) {
        await().atMost(Duration.ofSeconds(30)).until(() -> authenticatedRevocations() >= acceptedBefore + tokenSets);
        assertEquals(refusedBefore, refusedRevocations(), "no revocation without the client's secret");
    }

    private static void remove(JsonObject config) {
        FakeConfigService.remove(UUID.fromString(config.getString("id")));
        ConfigEvents.send(ConfigEvents.event("REMOVED", config, config.getInteger("version") + 1));
    }

    @Test
    void twentyRemovalsInARowRevokeEveryTokenSetAtTheProvider() {
        List<JsonObject> configs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            configs.add(signedIn("ann"));
        }
        double revoked = jobs("revoked");
        int accepted = authenticatedRevocations();
        int refused = refusedRevocations();

        configs.forEach(ConfigChangeRevocationTest::remove);

        await().atMost(Duration.ofSeconds(30)).until(() -> configs.stream().allMatch(c -> rows("user_token", c) == 0));
        awaitRevokedWithSecret(accepted, refused, 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs("revoked") >= revoked + 20);
        assertTrue(configs.stream().allMatch(c -> rows("revocation_job", c) == 0), "finished jobs leave no tokens behind");
    }

    @Test
    void aRemovalOnAReplicaThatNeverCachedTheConfigStillRevokesWithItsSecret() {
        JsonObject config = signedIn("ann", "bob");
        configCache.evictAll();
        int accepted = authenticatedRevocations();
        int refused = refusedRevocations();

        remove(config);

        await().atMost(Duration.ofSeconds(30)).until(() -> rows("user_token", config) == 0);
        awaitRevokedWithSecret(accepted, refused, 2);
    }

    @Test
    void aScopeChangeOnAReplicaThatNeverCachedTheConfigRevokesTheOldTokens() {
        JsonObject config = signedIn("ann");
        configCache.evictAll();
        int accepted = authenticatedRevocations();
        int refused = refusedRevocations();
        JsonObject changed = config.copy().put("version", 2)
                .put("scopes", new JsonArray().add("openid").add("offline_access").add("files.read"));
        Fixtures.register(changed);

        ConfigEvents.send(ConfigEvents.event("UPDATED", changed, 2, "scopes"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "REAUTH_REQUIRED".equals(
                Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), "ann").get("status")));
        awaitRevokedWithSecret(accepted, refused, 1);
    }

    /**
     * A token stored under another consent fingerprint than the config's (one issued before
     * fingerprints named endpoint origins) is retired at the next update of a provider field, whose
     * retired copy the config-service keeps, and revoked with it; an update of other fields (a
     * rename) leaves it alone, since no copy to revoke it with is kept for that version.
     */
    @Test
    void aTokenOfAnotherFingerprintIsRetiredAtAProviderChangeNotAtARename() {
        JsonObject config = signedIn("ann");
        String org = config.getString("orgId");
        String id = config.getString("id");
        Fixtures.update("update user_token set consent_fingerprint = 'issued-under-an-older-fingerprint' where config_id = ?", id);
        int accepted = authenticatedRevocations();
        int refused = refusedRevocations();

        JsonObject renamed = Fixtures.register(config.copy().put("version", 2).put("name", "Acme renamed"));
        ConfigEvents.send(ConfigEvents.event("UPDATED", renamed, 2, "name"));
        await().atMost(Duration.ofSeconds(30)).until(() -> appliedVersion(id) == 2);
        assertEquals("ACTIVE", Fixtures.tokenRow(org, id, "ann").get("status"), "a rename retires no token");
        assertEquals(0, rows("revocation_job", config), "and queues no revocation, which would find no retired copy");

        JsonObject moved = Fixtures.register(renamed.copy().put("version", 3)
                .put("endpoints", new JsonObject().put("userinfo", Rig.oidc().issuer(ISSUER) + "/userinfo")));
        ConfigEvents.send(ConfigEvents.event("UPDATED", moved, 3, "endpoints"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "REAUTH_REQUIRED".equals(Fixtures.tokenRow(org, id, "ann").get("status")));
        awaitRevokedWithSecret(accepted, refused, 1);
    }

    private static long appliedVersion(String configId) {
        Map<String, Object> r = Fixtures.row("select last_version from config_state where config_id = ?", configId);
        return r == null || r.get("last_version") == null ? 0 : ((Number) r.get("last_version")).longValue();
    }

    @Test
    void aRevocationTheProviderDoesNotAnswerIsRetriedUntilItDoesWithTheClientsSecret() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.config(org, ISSUER).put("endpoints", new JsonObject().put("revocation", provider.url("/revoke")));
        Fixtures.register(config);
        Fixtures.signIn("ann", org, config.getString("id"));
        String ann = refreshToken(config, "ann");
        provider.answerJson(503, new JsonObject().put("error", "temporarily_unavailable"));
        double retries = jobs("retry");
        double revoked = jobs("revoked");

        remove(config);

        // Each attempt is a call plus its retries; the job outlives them and tries again later.
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs("retry") >= retries + 2);
        assertEquals(1, rows("revocation_job", config), "the job waits for the provider");
        assertEquals(0, rows("user_token", config), "the local tokens are gone at once");
        provider.answerJson(200, new JsonObject());

        await().atMost(Duration.ofSeconds(30)).until(() -> rows("revocation_job", config) == 0);
        assertEquals(revoked + 1, jobs("revoked"));
        FakeProvider.Received last = provider.received().stream().filter(r -> ann.equals(r.form().get("token"))).reduce((a, b) -> b)
                .orElseThrow();
        assertEquals("refresh_token", last.form().get("token_type_hint"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(config.getString("clientId"), StandardCharsets.UTF_8)
                + ":" + URLEncoder.encode(config.getString("clientSecret"), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)),
                last.authorization());
    }

    /** Told apart from a job whose own window ended: the user's grant stays alive at the provider. */
    @Test
    void aJobWhoseOldConfigIsNoLongerKeptEndsWithoutFurtherCallsCountedAsNoRetiredCopy() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.config(org, ISSUER).put("endpoints", new JsonObject().put("revocation", provider.url("/revoke")));
        Fixtures.register(config);
        Fixtures.signIn("ann", org, config.getString("id"));
        provider.answerJson(503, new JsonObject().put("error", "temporarily_unavailable"));
        double expired = jobs("expired");
        double noCopy = jobs("no-retired-copy");

        remove(config);
        await().atMost(Duration.ofSeconds(30)).until(() -> provider.requests() > 0);
        FakeConfigService.shredRetired(UUID.fromString(config.getString("id")));

        await().atMost(Duration.ofSeconds(30)).until(() -> rows("revocation_job", config) == 0);
        assertEquals(noCopy + 1, jobs("no-retired-copy"));
        assertEquals(expired, jobs("expired"), "the job's own window had not ended");
    }
}

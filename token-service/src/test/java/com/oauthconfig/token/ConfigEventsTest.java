package com.oauthconfig.token;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.rig.CollectedSpans;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.configevents.ConfigChangeService;
import com.oauthconfig.token.configevents.ConfigState;
import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.token.support.ConfigEvents;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.TestSpans;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.EntityStatistics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.token.support.Functions.call;
import static com.oauthconfig.token.support.Functions.execute;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** oauth-config-events published on the real broker with the contract's CloudEvents headers. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class ConfigEventsTest {

    static final String ISSUER = "acme-okta";
    static final String TITLE = "acme.oauth.token";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    EnvelopeCipher cipher;
    @Inject
    MeterRegistry meters;
    @Inject
    ConfigChangeService configChanges;
    @Inject
    TestSpans spans;

    Upstream upstream;

    @BeforeEach
    void start() {
        upstream = new Upstream();
        awaitConsumerAssigned();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private void awaitConsumerAssigned() {
        ConfigEvents.awaitConsumersReady(meters, ISSUER);
    }

    private double evictions() {
        return ConfigEvents.evictions(meters);
    }

    private double count(String outcome) {
        var c = meters.find("token.config.events").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private JsonObject signedIn(String org, String... users) {
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        for (String u : users) {
            Fixtures.signIn(u, org, config.getString("id"));
        }
        return config;
    }

    /** The config-service now holds version 2 of the config, asking for one more scope (a consent change). */
    private static void addScopeAtVersion2(JsonObject config) {
        config.put("scopes", new JsonArray().add("openid").add("offline_access").add("files.read")).put("version", 2);
        Fixtures.register(config);
    }

    private int tokenRows(JsonObject config) {
        Map<String, Object> r = Fixtures.row("select count(*) as n from user_token where config_id = ?", config.getString("id"));
        return ((Number) r.get("n")).intValue();
    }

    private String refreshToken(JsonObject config, String user) {
        Map<String, Object> row = Fixtures.tokenRow(config.getString("orgId"), config.getString("id"), user);
        return cipher.open((String) row.get("refresh_token_sealed"), TokenRow.context(config.getString("orgId"), config.getString("id"), user));
    }

    private static int rigRefreshStatus(String refreshToken) throws Exception {
        String form = "grant_type=refresh_token&client_id=probe&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create(Rig.oidc().issuer(ISSUER) + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aRemovalDeletesTheConfigsTokensAndPendingSignInsAndRevokesThemAtTheProvider() throws Exception {
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann", "bob");
        JsonObject other = signedIn(Fixtures.newOrg(), "ann");
        execute(call(org, "ann", TITLE, "GET", upstream.url("/before"))).then().statusCode(200);
        String annRefresh = refreshToken(config, "ann");
        Fixtures.authorizationUrl(Fixtures.userToken("carol", org), org, config.getString("id")); // a pending sign-in
        int revokes = Rig.oidc().requestCount(ISSUER, "revoke");

        FakeConfigService.remove(UUID.fromString(config.getString("id")));
        ConfigEvents.send(ConfigEvents.event("REMOVED", config, 2));

        // How fast is a benchmark figure (bench/: config removed → tokens dropped); here only that it happens.
        await().atMost(Duration.ofSeconds(30)).until(() -> tokenRows(config) == 0);
        assertNull(Fixtures.row("select 1 from auth_state where config_id = ?", config.getString("id")));
        assertEquals(1, tokenRows(other), "another config's tokens stay");
        // By title, the function hears that the config is gone rather than "unknown".
        execute(call(org, "ann", TITLE, "GET", upstream.url("/after")), "c-rm").then().statusCode(401)
                .body("error.name", equalTo("OAuthCredentialsMissingError")).body("error.reason", equalTo("CONFIG_REMOVED"))
                .body("error.title", equalTo(TITLE));
        assertEquals(1, upstream.received().size());
        // Revocation (RFC 7009) of both users' refresh tokens, after the commit.
        await().atMost(Duration.ofSeconds(30)).until(() -> Rig.oidc().requestCount(ISSUER, "revoke") >= revokes + 2);
        assertEquals(400, rigRefreshStatus(annRefresh), "the provider no longer accepts the removed config's refresh token");
    }

    /**
     * Every replica's broadcast subscription evicts the config on the same removal event that the
     * removing consumer handles; when the eviction comes first, the revocation still has to
     * authenticate the client (the rig's provider refuses it otherwise, as real providers do).
     */
    @Test
    void aRemovalRevokesWithTheClientSecretAlsoWhenTheCacheEvictionCameFirst() throws Exception {
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        execute(call(org, "ann", TITLE, "GET", upstream.url("/before"))).then().statusCode(200);
        String annRefresh = refreshToken(config, "ann");
        int revokes = ConfigChangeRevocationTest.authenticatedRevocations();
        int refused = ConfigChangeRevocationTest.refusedRevocations();

        configChanges.evictCaches(org, config.getString("id"), null);
        FakeConfigService.remove(UUID.fromString(config.getString("id")));
        ConfigEvents.send(ConfigEvents.event("REMOVED", config, 2));

        await().atMost(Duration.ofSeconds(30)).until(() -> tokenRows(config) == 0);
        // The refresh token, with the client's secret (none refused).
        ConfigChangeRevocationTest.awaitRevokedWithSecret(revokes, refused, 1);
        assertEquals(400, rigRefreshStatus(annRefresh), "the provider no longer accepts the removed config's refresh token");
    }

    @Test
    void anUpdateOfIssuerClientOrScopesDemandsConsentAgain() {
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        addScopeAtVersion2(config);

        ConfigEvents.send(ConfigEvents.event("UPDATED", config, 2, "scopes"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "REAUTH_REQUIRED".equals(
                Fixtures.tokenRow(org, config.getString("id"), "ann").get("status")));
        Map<String, Object> row = Fixtures.tokenRow(org, config.getString("id"), "ann");
        assertEquals(TokenRow.CONSENT_REQUIRED_REASON, row.get("status_reason"));
        assertNull(row.get("access_token_sealed"));
        assertNull(row.get("refresh_token_sealed"));
        execute(call(org, "ann", TITLE, "GET", upstream.url("/x"))).then().statusCode(401)
                .body("error.reason", equalTo("CONSENT_REQUIRED"))
                .body("error.signInUrl", equalTo("/api/orgs/" + org + "/oauth-configs/" + config.getString("id") + "/authorize"));
        assertEquals(0, upstream.received().size());

        // Signing in again (the recovery the error offers) makes the function work again.
        Fixtures.signIn("ann", org, config.getString("id"));
        execute(call(org, "ann", TITLE, "GET", upstream.url("/x"))).then().statusCode(200);
    }

    @Test
    void aConsentChangesStateWriteAndTokenRetirementAreSentTogether() {
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        addScopeAtVersion2(config);
        String traceId = TelemetryTest.hex(16);
        String parent = TelemetryTest.hex(8);

        ConfigEvents.send(ConfigEvents.event("UPDATED", config, 2, "scopes"), "00-" + traceId + "-" + parent + "-01");

        await().atMost(Duration.ofSeconds(30)).until(() -> retirement(traceId).size() >= 4);
        List<SpanData> writes = retirement(traceId);
        List<String> sql = writes.stream().map(CollectedSpans::statement).toList();
        assertEquals(4, writes.size(), "the event's writes: " + sql);
        assertTrue(CollectedSpans.sentTogether(writes), "the event's writes were sent one after another's answer: " + sql);
        assertEquals("REAUTH_REQUIRED", Fixtures.tokenRow(org, config.getString("id"), "ann").get("status"));
    }

    /**
     * The statements of a consumed event's trace that record its version and retire the config's
     * tokens and sign-ins (the revocation worker's, which the commit wakes, are in the trace too).
     */
    private List<SpanData> retirement(String traceId) {
        return spans.statementsInTrace(traceId).stream().filter(s -> CollectedSpans.statement(s).toLowerCase(java.util.Locale.ROOT)
                .matches("(insert into (config_state|revocation_job)|update (config_state|user_token)|delete from auth_state)\\b.*")).toList();
    }

    @Test
    void otherUpdatesKeepTheUsersTokensButDropCachedCopiesOfTheConfig() {
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        execute(call(org, "ann", TITLE, "GET", upstream.url("/a"))).then().statusCode(200);
        String before = upstream.last().header("Authorization");
        // The name and the allowed hosts change; the token-service must see the new apiHosts at once.
        config.put("name", "Acme renamed").put("apiHosts", new JsonArray().add("api.acme.example")).put("version", 2);
        Fixtures.register(config);
        JsonObject event = ConfigEvents.event("UPDATED", config, 2, "name", "apiHosts");

        double evictions = evictions();
        ConfigEvents.send(event);

        await().atMost(Duration.ofSeconds(30)).until(() -> ConfigEvents.applied(event));
        await().atMost(Duration.ofSeconds(30)).until(() -> evictions() > evictions);
        assertEquals("ACTIVE", Fixtures.tokenRow(org, config.getString("id"), "ann").get("status"));
        execute(call(org, "ann", TITLE, "GET", upstream.url("/b"))).then().statusCode(403)
                .body("error.name", equalTo("FunctionNotAllowedError"));
        assertEquals(1, upstream.received().size());
        assertEquals("Bearer " + Functions.storedAccessToken(cipher, config, "ann"), before, "the same token is still stored");
    }

    @Test
    void duplicatesAndLateOlderEventsAreAppliedOnce() {
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        double stale = count("stale");
        double duplicates = count("duplicate");

        // v3 (a rename) arrives before v2 (a scope change): v2 is stale and must not drop the tokens.
        // v4, another rename behind them on the config's partition, shows when both were handled.
        ConfigEvents.send(ConfigEvents.event("UPDATED", config, 3, "name"));
        JsonObject late = ConfigEvents.event("UPDATED", config, 2, "scopes");
        ConfigEvents.send(late);
        JsonObject marker = ConfigEvents.event("UPDATED", config, 4, "name");
        ConfigEvents.send(marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> ConfigEvents.applied(marker));
        assertEquals(stale + 1, count("stale"));
        assertEquals("ACTIVE", Fixtures.tokenRow(org, config.getString("id"), "ann").get("status"));

        // v5 changes the client: tokens dropped. The user signs in again; a redelivery of v5 changes nothing.
        JsonObject clientChange = ConfigEvents.event("UPDATED", config, 5, "clientId");
        ConfigEvents.send(clientChange);
        await().atMost(Duration.ofSeconds(30)).until(() -> "REAUTH_REQUIRED".equals(
                Fixtures.tokenRow(org, config.getString("id"), "ann").get("status")));
        Fixtures.signIn("ann", org, config.getString("id"));
        ConfigEvents.send(clientChange);
        JsonObject after = ConfigEvents.event("UPDATED", config, 6, "name");
        ConfigEvents.send(after);
        await().atMost(Duration.ofSeconds(30)).until(() -> ConfigEvents.applied(after));
        assertEquals(duplicates + 1, count("duplicate"));
        assertEquals("ACTIVE", Fixtures.tokenRow(org, config.getString("id"), "ann").get("status"));
        Map<String, Object> state = Fixtures.row("select last_version, removed from config_state where config_id = ?", config.getString("id"));
        assertEquals(6L, ((Number) state.get("last_version")).longValue());
        assertEquals(false, state.get("removed"));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndDoesNotBlockItsPartition() {
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        String key = config.getString("id");

        ConfigEvents.sendRaw(key, "this is not an event " + key, null);
        ConfigEvents.send(ConfigEvents.event("REMOVED", config, 2));

        await().atMost(Duration.ofSeconds(30)).until(() -> tokenRows(config) == 0);
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Rig.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            dlq.subscribe(List.of("oauth-config-events-dlq-token-service"));
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : dlq.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
                return seen.contains("this is not an event " + key);
            });
        }
    }

    @Test
    void anEventWhoseEnvelopeContradictsItsValueIsNotApplied() {
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        JsonObject removal = ConfigEvents.event("REMOVED", config, 2);
        double poison = count("poison");

        // ce_type says "updated" while the value says REMOVED: a producer bug, not an instruction.
        ConfigEvents.sendRaw(config.getString("id"), removal.encode(), new com.oauthconfig.common.events.CloudEventHeaders.Attributes(
                removal.getString("eventId"), "/config-service", "oauthconfig.config.updated", config.getString("id"),
                java.time.Instant.now(), "http://config-service.test/api/schemas/oauth-config-event"));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("poison") >= poison + 1);
        assertEquals(1, tokenRows(config));
        assertNotNull(Fixtures.tokenRow(org, config.getString("id"), "ann").get("access_token_sealed"));
        assertNull(Fixtures.row("select 1 from config_state where config_id = ? and removed", config.getString("id")),
                "the contradicted removal was not applied");
    }

    @Inject
    Mutiny.SessionFactory sessions;

    /** What Hibernate has done with config_state rows so far (statistics are on in the test profile). */
    private long stateRowsThroughHibernate() {
        EntityStatistics s = sessions.getStatistics().getEntityStatistics(ConfigState.class.getName());
        return s.getLoadCount() + s.getFetchCount() + s.getInsertCount() + s.getUpdateCount();
    }

    @Test
    void eventsAreAppliedOnTheSqlClientWithoutHibernate() {
        String org = Fixtures.newOrg();
        JsonObject config = signedIn(org, "ann");
        long before = stateRowsThroughHibernate();

        JsonObject updated = ConfigEvents.event("UPDATED", config, 2, "name");
        JsonObject removed = ConfigEvents.event("REMOVED", config, 3);
        ConfigEvents.send(updated);
        ConfigEvents.send(removed);
        await().atMost(Duration.ofSeconds(30)).until(() -> ConfigEvents.applied(removed));

        assertEquals(before, stateRowsThroughHibernate(), "config_state rows Hibernate loaded or wrote while the events applied");
        Map<String, Object> state = Fixtures.row("select last_version, removed from config_state where config_id = ?", config.getString("id"));
        assertEquals(3L, ((Number) state.get("last_version")).longValue());
        assertEquals(Boolean.TRUE, state.get("removed"));
        assertEquals(0, tokenRows(config), "the removal deleted the config's tokens");
    }
}

package com.oauthconfig.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: the Kafka broker is stopped during a burst of config writes made
 * through the config-service — creates, updates, forced removals of configurations that have aliases
 * and of one that has signed-in users' tokens, aliases created meanwhile — and every write succeeds
 * while the broker is down (the outbox holds the events). After the broker is back: every change is on
 * {@code oauth-config-events} once per event id with consecutive versions per config, the
 * credential-alias-service applied each event once (its consumers' applied counter, versions, every alias
 * of a removed config BROKEN with exactly one {@code oauthconfig.alias.broken} event) and so did the
 * token-service (its applied counter, versions, the removed config's tokens gone, the others' kept).
 */
class BrokerOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG_DB = "config_service";
    private static final String ALIAS_DB = "credential_alias_service";
    private static final String TOKEN_DB = "token_service";
    /** The consumers' counters of config events, by outcome. */
    private static final String ALIAS_APPLIED = "alias_config_events_total";
    private static final String TOKEN_APPLIED = "token_config_events_total";
    private static final int UPDATES = 3;
    private static final int SIGNED_IN_USERS = 2;
    /** At least this long without a broker: longer than the outbox relay's delivery timeout (10 s). */
    private static final Duration OUTAGE = Duration.ofSeconds(15);

    private final LocalStack stack = Stack.get();

    /** What the test did to one config: its id, how many changes (= events) and whether it ended removed. */
    private static final class Plan {
        final String id;
        long changes;
        boolean removed;
        final List<String> aliases = new ArrayList<>();

        Plan(String id, long changes) {
            this.id = id;
            this.changes = changes;
        }
    }

    @Test
    void writesDuringABrokerOutageAllSucceedAndEachEventIsDeliveredInOrderAndAppliedOnceByTheAliasAndTokenServices() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        Map<String, Plan> plans = new LinkedHashMap<>();
        // What the consumers have applied before this test's first write, once earlier tests' events are done.
        double[] appliedBefore = {appliedEvents(LocalStack.ALIAS, ALIAS_APPLIED), appliedEvents(LocalStack.TOKEN, TOKEN_APPLIED)};
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            double alias = appliedEvents(LocalStack.ALIAS, ALIAS_APPLIED);
            double token = appliedEvents(LocalStack.TOKEN, TOKEN_APPLIED);
            boolean still = alias == appliedBefore[0] && token == appliedBefore[1];
            appliedBefore[0] = alias;
            appliedBefore[1] = token;
            return still;
        });

        // Before the outage: a config two users have signed in to, and a config whose tokens must survive.
        Plan withTokens = new Plan(Flows.createConfig(stack, org, admin, "acme.f1b.tokens", "f1b-idp", "s-" + UUID.randomUUID()), 1);
        Plan keptTokens = new Plan(Flows.createConfig(stack, org, admin, "acme.f1b.kept", "f1b-idp", "s-" + UUID.randomUUID()), 1);
        plans.put("tokens", withTokens);
        plans.put("kept", keptTokens);
        for (int u = 0; u < SIGNED_IN_USERS; u++) {
            Flows.signIn(stack.url(LocalStack.TOKEN), org, withTokens.id, stack.oidc().platformToken("user-" + u + "-" + UUID.randomUUID(), org, "MEMBER"));
        }
        Flows.signIn(stack.url(LocalStack.TOKEN), org, keptTokens.id, stack.oidc().platformToken("keeper-" + UUID.randomUUID(), org, "MEMBER"));
        assertEquals(SIGNED_IN_USERS, count(TOKEN_DB, "select count(*) from user_token where config_id = ? and status = 'ACTIVE'", withTokens.id));

        long started = System.nanoTime();
        stack.kafka().stop();
        int writes = 0;
        try {
            // Three configs born during the outage, with aliases; two of them removed at the end.
            for (String name : List.of("a", "b", "c")) {
                plans.put(name, new Plan(Flows.createConfig(stack, org, admin, "acme.f1b." + name, "f1b-idp", "s-" + UUID.randomUUID()), 1));
                writes++;
            }
            int aliasCount = 0;
            for (Map.Entry<String, Integer> e : Map.of("a", 3, "b", 2, "c", 1, "tokens", 2).entrySet()) {
                for (int i = 0; i < e.getValue(); i++) {
                    plans.get(e.getKey()).aliases.add(createAlias(org, admin, "sol-" + (i % 2), e.getKey() + "-alias-" + i, plans.get(e.getKey()).id));
                    aliasCount++;
                }
            }
            for (int round = 0; round < UPDATES; round++) {
                for (Plan p : plans.values()) {
                    if (p == keptTokens && round > 0) {
                        continue;
                    }
                    rename(org, admin, p, "Acme CRM r" + round);
                    writes++;
                }
            }
            // Writes keep coming until the outage is longer than the relay producer's delivery timeout (10 s), so
            // sends made during it have failed and been retried before the broker is back.
            Plan busy = plans.get("c");
            while (System.nanoTime() - started < OUTAGE.toNanos()) {
                rename(org, admin, busy, "Acme CRM busy " + busy.changes);
                writes++;
            }
            for (String name : List.of("a", "b", "tokens")) {
                Plan p = plans.get(name);
                given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).queryParam("force", true)
                        .delete("/api/orgs/{org}/oauth-configs/{id}", org, p.id).then().statusCode(204);
                p.changes++;
                p.removed = true;
                writes++;
            }
            // The outbox holds every one of them while the broker is away.
            assertTrue(count(CONFIG_DB, "select count(*) from outbox_event where payload->>'orgId' = ?", org) >= writes,
                    "the config-service's outbox holds the outage's events");
            System.out.printf("BrokerOutageIT: %d config writes and %d alias creates answered while the broker was down (%d ms)%n",
                    writes, aliasCount, Duration.ofNanos(System.nanoTime() - started).toMillis());
        } finally {
            stack.kafka().start();
        }

        // 1. Every change delivered, per config in version order, one distinct event id per change.
        Map<String, List<JsonNode>> byConfig = new HashMap<>();
        Map<String, List<String>> raw = new HashMap<>();
        Set<String> eventIds = new LinkedHashSet<>();
        long expectedEvents = plans.values().stream().mapToLong(p -> p.changes).sum();
        int[] records = {0};
        try (KafkaConsumer<String, String> events = consumer("oauth-config-events")) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                readConfigEvents(events, org, byConfig, raw, eventIds, records);
                return eventIds.size() >= expectedEvents;
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> {
                readConfigEvents(events, org, byConfig, raw, eventIds, records);
                return true;
            });
        }
        assertEquals(expectedEvents, eventIds.size(), "one event per change");
        for (Plan p : plans.values()) {
            List<Long> versions = byConfig.getOrDefault(p.id, List.of()).stream().map(v -> v.get("version").asLong()).toList();
            String name = plans.entrySet().stream().filter(e -> e.getValue() == p).findFirst().orElseThrow().getKey();
            assertEquals(LongStream.rangeClosed(1, p.changes).boxed().toList(), versions, "versions of config '" + name + "' " + p.id
                    + " in offset order (first record of each event id); every record (offset:version:event id): " + raw.get(p.id));
            List<JsonNode> list = byConfig.get(p.id);
            assertEquals(p.removed ? "REMOVED" : "UPDATED", list.get(list.size() - 1).get("changeType").asText());
        }

        // 2. Each consumer applied each event exactly once, and ended at each config's last version.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> appliedEvents(LocalStack.ALIAS, ALIAS_APPLIED) - appliedBefore[0] >= expectedEvents
                        && appliedEvents(LocalStack.TOKEN, TOKEN_APPLIED) - appliedBefore[1] >= expectedEvents);
        // Redeliveries after the outage may still arrive: they must be recognised, not applied again,
        // so for 3 s both counts stay at exactly one application per event.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> appliedEvents(LocalStack.ALIAS, ALIAS_APPLIED) - appliedBefore[0] == expectedEvents
                        && appliedEvents(LocalStack.TOKEN, TOKEN_APPLIED) - appliedBefore[1] == expectedEvents);
        assertEquals(expectedEvents, appliedEvents(LocalStack.ALIAS, ALIAS_APPLIED) - appliedBefore[0], "alias service: events applied");
        assertEquals(expectedEvents, appliedEvents(LocalStack.TOKEN, TOKEN_APPLIED) - appliedBefore[1], "token-service: events applied");
        for (Plan p : plans.values()) {
            assertEquals(p.changes, count(ALIAS_DB, "select last_version from config_event_state where config_id = ?::uuid", p.id), "alias: " + p.id);
            assertEquals(p.removed ? p.changes : 0, count(ALIAS_DB, "select coalesce(removed_version, 0) from config_event_state where config_id = ?::uuid", p.id));
            assertEquals(p.changes, count(TOKEN_DB, "select last_version from config_state where config_id = ?", p.id), "token: " + p.id);
            assertEquals(p.removed ? 1 : 0, count(TOKEN_DB, "select case when removed then 1 else 0 end from config_state where config_id = ?", p.id));
        }

        // 3. The alias service: every alias of a removed config BROKEN with one broken event, the others OK and silent.
        Set<String> brokenAliases = new HashSet<>();
        Set<String> okAliases = new HashSet<>();
        plans.values().forEach(p -> (p.removed ? brokenAliases : okAliases).addAll(p.aliases));
        for (String id : brokenAliases) {
            assertEquals(1, count(ALIAS_DB, "select count(*) from solution_credential where id = ?::uuid and status = 'BROKEN' and broken_reason is not null", id));
        }
        for (String id : okAliases) {
            assertEquals(1, count(ALIAS_DB, "select count(*) from solution_credential where id = ?::uuid and status = 'OK'", id));
        }
        Map<String, Set<String>> brokenEvents = new HashMap<>();
        int[] aliasRecords = {0};
        try (KafkaConsumer<String, String> aliasEvents = consumer("credential-alias-events")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                readBrokenEvents(aliasEvents, org, brokenEvents, aliasRecords);
                return brokenEvents.keySet().containsAll(brokenAliases);
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> {
                readBrokenEvents(aliasEvents, org, brokenEvents, aliasRecords);
                return true;
            });
        }
        assertEquals(brokenAliases, brokenEvents.keySet(), "a broken event for every alias of a removed config and for no other");
        brokenEvents.forEach((alias, ids) -> assertEquals(1, ids.size(), "broken events of alias " + alias + ": " + ids));

        // 4. The token-service: the removed config's tokens are gone, the other config's user still signed in.
        assertEquals(0, count(TOKEN_DB, "select count(*) from user_token where config_id = ?", withTokens.id));
        assertEquals(1, count(TOKEN_DB, "select count(*) from user_token where config_id = ? and status = 'ACTIVE'", keptTokens.id));

        System.out.printf("BrokerOutageIT: %d configs, %d config events (%d records incl. re-sends), %d aliases broken with %d alias "
                        + "event records, each event applied once by both consumers; %d s in all%n",
                plans.size(), eventIds.size(), records[0], brokenAliases.size(), aliasRecords[0],
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private String createAlias(String org, String admin, String solution, String name, String configId) {
        return given().baseUri(stack.url(LocalStack.ALIAS)).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", "OAUTH_ALIAS", "oauthConfigId", configId))
                .post("/api/orgs/{org}/solutions/{sol}/credentials", org, solution)
                .then().statusCode(201).extract().path("id");
    }

    /** A merge-patch of the display name: a change every consumer sees, without touching consent. */
    private void rename(String org, String admin, Plan p, String name) {
        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).contentType("application/merge-patch+json")
                .header("If-Match", "\"" + p.changes + "\"").body(Map.of("name", name))
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, p.id).then().statusCode(200);
        p.changes++;
    }

    private KafkaConsumer<String, String> consumer(String topic) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "f1b-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** Config events of the organisation in offset order per config; a re-send of an event id is counted, not kept twice. */
    private static void readConfigEvents(KafkaConsumer<String, String> consumer, String org, Map<String, List<JsonNode>> byConfig,
                                         Map<String, List<String>> raw, Set<String> eventIds, int[] records) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.value() == null || !r.value().contains(org)) {
                continue;
            }
            JsonNode v = read(r);
            records[0]++;
            if (!org.equals(v.path("orgId").asText())) {
                continue;
            }
            assertEquals(v.get("configId").asText(), r.key(), "keyed by config id");
            assertEquals(v.get("eventId").asText(), header(r, "ce_id"));
            raw.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.offset() + ":v" + v.get("version").asLong() + ":"
                    + v.get("eventId").asText().substring(0, 8));
            if (eventIds.add(v.get("eventId").asText())) {
                byConfig.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(v);
            }
        }
    }

    private static void readBrokenEvents(KafkaConsumer<String, String> consumer, String org, Map<String, Set<String>> byAlias, int[] records) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.value() == null || !r.value().contains(org)) {
                continue;
            }
            records[0]++;
            assertEquals("oauthconfig.alias.broken", header(r, "ce_type"), "no other alias event in this flow: " + r.value());
            byAlias.computeIfAbsent(r.key(), k -> new HashSet<>()).add(read(r).get("eventId").asText());
        }
    }

    private static JsonNode read(ConsumerRecord<String, String> r) {
        try {
            return JSON.readTree(r.value());
        } catch (IOException e) {
            throw new AssertionError("unreadable record " + r.value(), e);
        }
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A service's count of applied config events, summed over its instances (Prometheus text of {@code /q/metrics}). */
    private double appliedEvents(String service, String counter) {
        double sum = 0;
        for (String url : stack.managementUrls(service)) {
            String metrics = given().baseUri(url).get("/q/metrics").then().statusCode(200).extract().asString();
            for (String line : metrics.split("\n")) {
                if (line.startsWith(counter + "{") && line.contains("outcome=\"applied\"")) {
                    // name{labels} value [# {exemplar labels} value timestamp]
                    String value = line.substring(line.indexOf("} ") + 2);
                    int exemplar = value.indexOf(" #");
                    sum += Double.parseDouble((exemplar < 0 ? value : value.substring(0, exemplar)).trim());
                }
            }
        }
        return sum;
    }

    private long count(String database, String sql, String parameter) throws SQLException {
        try (Connection c = stack.postgres().connect(database); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}

package com.oauthconfig.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A service killed (not stopped) in the middle of consuming a batch: two
 * credential-alias-service instances share the partitions of {@code oauth-config-events}; right after
 * eight configurations with 400 aliases each are removed, instance 0 gets SIGKILL (no shutdown hook,
 * no offset commit, transaction cut) and is started again at once on the same port. After the group
 * rebalances (the dead member's session times out) the partitions are shared again: every alias ends BROKEN
 * and carries exactly one broken event (one event id; a relay re-send of the same id is allowed by
 * the at-least-once contract and counted separately), nothing lost, nothing applied twice.
 */
class ConsumerKillIT {

    private static final int CONFIGS = 8;
    private static final int ALIASES_EACH = 400;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;
    private static Path data;

    @BeforeAll
    static void startTwoOfEach() throws Exception {
        data = Stack.dataDirectory("e2e-kill-");
        stack = LocalStack.start(LocalStack.Options.forTests(Stack.root(), data, 2));
    }

    @AfterAll
    static void stop() {
        Stack.close(stack, data);
    }

    @Test
    void anAliasInstanceKilledMidBatchLosesNothingAndTheSurvivorFlagsEachAliasOnceWithOneEvent() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        List<String> configIds = new ArrayList<>();
        for (int c = 0; c < CONFIGS; c++) {
            configIds.add(Flows.createConfig(stack, org, admin, "acme.kill.c" + c, "kill-idp", "s-" + UUID.randomUUID()));
        }
        Set<String> aliases = seedAliases(org, configIds);

        try (KafkaConsumer<String, String> events = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "kill-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            events.subscribe(List.of("credential-alias-events"));
            for (String id : configIds) {
                given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).queryParam("force", true)
                        .delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(204);
            }
            ServiceProcess victim = stack.instances(LocalStack.ALIAS).get(0);
            victim.kill();
            assertFalse(ProcessHandle.of(victim.pid()).map(ProcessHandle::isAlive).orElse(false), "instance 0 was killed");
            // Restarted at once, as an orchestrator would: it rejoins the group while the dead member's
            // partitions are still assigned to it, and must neither lose nor re-apply what it had begun.
            stack.restart(LocalStack.ALIAS, 0);
            given().baseUri(stack.managementUrls(LocalStack.ALIAS).get(0)).get("/q/health/ready").then().statusCode(200);

            // Every removal is applied once the group has rebalanced (after the dead member's session times out).
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> okAliases(org) == 0);

            Map<String, Set<String>> eventIdsByAlias = new HashMap<>();
            int[] records = {0};
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                poll(events, org, eventIdsByAlias, records);
                return eventIdsByAlias.keySet().containsAll(aliases);
            });
            // Let late re-sends arrive before judging "once".
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> {
                poll(events, org, eventIdsByAlias, records);
                return true;
            });
            assertEquals(aliases, eventIdsByAlias.keySet(), "a broken event for every alias and no other");
            List<String> twice = eventIdsByAlias.entrySet().stream().filter(e -> e.getValue().size() != 1).map(Map.Entry::getKey).toList();
            assertEquals(List.of(), twice, "aliases flagged by more than one event (applied twice)");
            System.out.printf("ConsumerKillIT: %d aliases, %d distinct events, %d records (re-sends of one event id: %d)%n",
                    aliases.size(), eventIdsByAlias.size(), records[0], records[0] - aliases.size());
        }
        try (Connection c = stack.postgres().connect("credential_alias_service");
             PreparedStatement s = c.prepareStatement("select count(*) from solution_credential where org_id = ? and status = 'BROKEN' and broken_reason is not null")) {
            s.setString(1, org);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(CONFIGS * ALIASES_EACH, rs.getInt(1));
            }
        }
    }

    /** Aliases written straight into the alias service's table (the API would take minutes for 3,200). */
    private static Set<String> seedAliases(String org, List<String> configIds) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = stack.postgres().connect("credential_alias_service");
             PreparedStatement s = c.prepareStatement("insert into solution_credential (id, org_id, solution_id, name, type, oauth_config_id, "
                     + "status, version, created_at, updated_at) values (?, ?, ?, ?, 'OAUTH_ALIAS', ?, 'OK', 0, now(), now())")) {
            for (int k = 0; k < configIds.size(); k++) {
                for (int i = 0; i < ALIASES_EACH; i++) {
                    UUID id = UUID.randomUUID();
                    s.setObject(1, id);
                    s.setString(2, org);
                    s.setString(3, "sol-" + (i % 10));
                    s.setString(4, "c" + k + "-alias-" + i);
                    s.setObject(5, UUID.fromString(configIds.get(k)));
                    s.addBatch();
                    ids.add(id.toString());
                }
            }
            s.executeBatch();
        }
        return ids;
    }

    private static int okAliases(String org) throws Exception {
        try (Connection c = stack.postgres().connect("credential_alias_service");
             PreparedStatement s = c.prepareStatement("select count(*) from solution_credential where org_id = ? and status = 'OK'")) {
            s.setString(1, org);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void poll(KafkaConsumer<String, String> consumer, String org, Map<String, Set<String>> byAlias, int[] records) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            if (!r.value().contains(org)) {
                continue;
            }
            try {
                JsonNode v = JSON.readTree(r.value());
                records[0]++;
                byAlias.computeIfAbsent(r.key(), k -> new HashSet<>()).add(v.get("eventId").asText());
            } catch (java.io.IOException e) {
                throw new AssertionError("unreadable alias event " + r.value(), e);
            }
        }
    }
}

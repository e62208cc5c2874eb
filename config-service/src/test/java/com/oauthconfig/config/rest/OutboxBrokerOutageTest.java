package com.oauthconfig.config.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.config.support.EventCollector;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fault test: the broker is stopped while configurations change. Writes still succeed (the
 * outbox holds the events); once the broker is back every event arrives, in version order per config.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class OutboxBrokerOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONFIGS = 3;
    private static final int UPDATES_EACH = 4;

    @Test
    void writesDuringABrokerOutageSucceedAndEveryEventIsDeliveredInOrderAfterwards() throws Exception {
        String org = newOrg();
        List<String> ids = new ArrayList<>();
        Rig.kafka().stop();
        try {
            for (int c = 0; c < CONFIGS; c++) {
                ids.add(as(admin(org)).body(openIdConfig("outage.c" + c)).post("/api/orgs/{org}/oauth-configs", org)
                        .then().statusCode(201).extract().path("id"));
            }
            // Interleave updates across configs, so per-key order is not just arrival order.
            for (int u = 1; u <= UPDATES_EACH; u++) {
                for (int c = 0; c < CONFIGS; c++) {
                    Map<String, Object> body = openIdConfig("outage.c" + c);
                    body.put("name", "update " + u);
                    as(admin(org)).header("If-Match", "\"" + u + "\"").body(body)
                            .put("/api/orgs/{org}/oauth-configs/{id}", org, ids.get(c)).then().statusCode(200);
                }
            }
            as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, ids.get(0)).then().statusCode(204);
        } finally {
            Rig.kafka().start();
        }

        int expectedTotal = CONFIGS * (1 + UPDATES_EACH) + 1;
        try (EventCollector events = new EventCollector()) {
            List<ConsumerRecord<String, String>> got = events.awaitFor(ids, Duration.ofSeconds(60),
                    rs -> rs.stream().map(r -> eventId(r)).distinct().count() >= expectedTotal);
            Map<String, List<Integer>> versionsByConfig = new LinkedHashMap<>();
            Map<String, Boolean> seen = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> r : got) {
                // At-least-once: a redelivered duplicate is allowed, counted once.
                if (seen.putIfAbsent(eventId(r), true) == null) {
                    versionsByConfig.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()).get("version").asInt());
                }
            }
            assertEquals(expectedTotal, seen.size(), "no event lost");
            assertEquals(List.of(1, 2, 3, 4, 5, 6), versionsByConfig.get(ids.get(0)), "created, 4 updates, removed");
            for (int c = 1; c < CONFIGS; c++) {
                assertEquals(List.of(1, 2, 3, 4, 5), versionsByConfig.get(ids.get(c)), "order per config kept");
            }
        }
    }

    private static String eventId(ConsumerRecord<String, String> r) {
        return ChangeEventsTest.header(r, "ce_id");
    }
}

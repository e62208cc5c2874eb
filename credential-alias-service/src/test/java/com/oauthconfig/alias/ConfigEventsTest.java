package com.oauthconfig.alias;

import com.oauthconfig.alias.bench.RemovalFlagLatency;
import com.oauthconfig.alias.repository.ConfigEventState;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.alias.support.KafkaFixtures;
import com.oauthconfig.alias.support.Seeder;
import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.testing.SchemaCheck;
import com.oauthconfig.alias.support.KafkaFixtures.TopicReader;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.EntityStatistics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static com.oauthconfig.alias.support.KafkaFixtures.ALIAS_EVENTS;
import static com.oauthconfig.alias.support.KafkaFixtures.DLQ;
import static com.oauthconfig.alias.support.KafkaFixtures.header;
import static com.oauthconfig.alias.support.KafkaFixtures.ofOrg;
import static com.oauthconfig.alias.support.KafkaFixtures.sendConfigEvent;
import static com.oauthconfig.alias.support.KafkaFixtures.sendRaw;
import static com.oauthconfig.alias.support.KafkaFixtures.value;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class ConfigEventsTest {

    private static final String CREDENTIALS = "/api/orgs/{org}/solutions/{solution}/credentials";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static List<ConsumerRecord<String, String>> awaitAliasEvents(TopicReader reader, String org, int count) {
        return await().atMost(WAIT).until(() -> reader.poll(ofOrg(org)), list -> list.size() >= count);
    }

    /** last_version and removed_version of a configuration, read straight from the database. */
    private static List<Long> versionsOf(UUID configId) throws java.sql.SQLException {
        try (java.sql.Connection c = Rig.postgres().connect("credential_alias_service");
             java.sql.PreparedStatement q = c.prepareStatement(
                     "select last_version, removed_version from config_event_state where config_id = ?")) {
            q.setObject(1, configId);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next(), "no state for " + configId);
                return List.of(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    @Test
    void removalFlagsEveryAliasOfTheConfigBrokenAndPublishesOneEventEach() {
        String org = newOrg();
        UUID removed = config(org);
        UUID kept = config(org);
        Set<UUID> aliases = Set.of(alias(org, "sol-1", "a", removed), alias(org, "sol-1", "b", removed), alias(org, "sol-2", "a", removed));
        UUID untouched = alias(org, "sol-1", "c", kept);

        try (TopicReader reader = new TopicReader(ALIAS_EVENTS)) {
            sendConfigEvent(0, UUID.randomUUID(), org, removed, 2, "REMOVED");
            List<ConsumerRecord<String, String>> events = awaitAliasEvents(reader, org, 3);

            assertEquals(aliases, events.stream().map(r -> UUID.fromString(r.key())).collect(Collectors.toSet()));
            for (ConsumerRecord<String, String> r : events) {
                JsonObject v = value(r);
                assertEquals("oauthconfig.alias.broken", header(r, "ce_type"));
                assertEquals("/credential-alias-service", header(r, "ce_source"));
                assertEquals("1.0", header(r, "ce_specversion"));
                assertEquals(RestAssured.baseURI + ":" + RestAssured.port + "/schemas/credential-alias-event-1.json",
                        header(r, "ce_dataschema"));
                SchemaCheck.assertValid(ContractSchema.CREDENTIAL_ALIAS_EVENT, r.value());
                assertEquals(r.key(), header(r, "ce_subject"));
                assertEquals(v.getString("eventId"), header(r, "ce_id"));
                assertEquals("BROKEN", v.getString("status"));
                assertEquals(removed.toString(), v.getString("oauthConfigId"));
                assertEquals(r.key(), v.getString("credentialId"));
                assertTrue(v.getString("reason").contains("was removed"), v.getString("reason"));
                assertTrue(v.getString("at") != null && v.getString("name") != null && v.getString("solutionId") != null);
            }
        }

        given().auth().oauth2(admin(org)).queryParam("status", "BROKEN").get(CREDENTIALS, org, "sol-1")
                .then().statusCode(200).body("items.name", equalTo(List.of("a", "b")))
                .body("items.brokenReason", everyItem(containsString(removed.toString())))
                .body("items.brokenAt", everyItem(notNullValue()));
        given().auth().oauth2(admin(org)).get(CREDENTIALS + "/{id}", org, "sol-1", untouched)
                .then().statusCode(200).body("status", equalTo("OK"));
    }

    @Test
    void removalOfAConfigWithThousandsOfAliasesFlagsAllAndPublishesExactlyOneEventEach() {
        // 1,500 crosses the bulk outbox insert's chunk boundary; round() fails unless every alias has exactly one event.
        RemovalFlagLatency.Result r = RemovalFlagLatency.round(1500, Duration.ofSeconds(60));
        assertEquals(1500, r.aliases());
    }

    @Test
    void aliasEventsCarryExactlyTheFieldsOfThePublishedSchema() {
        String org = newOrg();
        UUID configId = config(org);
        alias(org, "sol-1", "crm", configId);
        JsonObject schema = new JsonObject(given().get("/schemas/credential-alias-event-1.json").then().statusCode(200).extract().asString());
        try (TopicReader reader = new TopicReader(ALIAS_EVENTS)) {
            sendConfigEvent(1, UUID.randomUUID(), org, configId, 2, "REMOVED");
            JsonObject event = value(awaitAliasEvents(reader, org, 1).get(0));
            assertEquals(schema.getJsonObject("properties").fieldNames(), event.fieldNames());
            assertTrue(event.fieldNames().containsAll(schema.getJsonArray("required").getList()));
            assertEquals(schema.getString("$id"), "urn:oauth-platform:schema:credential-alias-event:1");
        }
    }

    @Test
    void redeliveredAndReorderedEventsAreAppliedOnce() throws Exception {
        String org = newOrg();
        UUID configId = config(org);
        UUID markerConfig = config(org);
        UUID a = alias(org, "sol-1", "a", configId);
        UUID b = alias(org, "sol-1", "b", configId);
        UUID marker = alias(org, "sol-1", "marker", markerConfig);

        try (TopicReader reader = new TopicReader(ALIAS_EVENTS)) {
            UUID removal = UUID.randomUUID();
            // Newest first, then the same removal again (redelivery), then older events arriving late.
            sendConfigEvent(0, UUID.randomUUID(), org, configId, 3, "UPDATED");
            sendConfigEvent(0, removal, org, configId, 4, "REMOVED");
            sendConfigEvent(0, removal, org, configId, 4, "REMOVED");
            sendConfigEvent(0, UUID.randomUUID(), org, configId, 2, "UPDATED");
            sendConfigEvent(0, UUID.randomUUID(), org, configId, 1, "CREATED");
            // A second removal event (another id, same version) is a duplicate in effect: nothing left to flag.
            sendConfigEvent(0, UUID.randomUUID(), org, configId, 4, "REMOVED");
            // Same partition, so once the marker's alias is flagged every event above has been applied.
            sendConfigEvent(0, UUID.randomUUID(), org, markerConfig, 1, "REMOVED");

            // The alias events are keyed by credential, so they arrive on different partitions in any
            // order: wait for all three, then make sure no duplicate follows for a while.
            List<String> expected = List.of(a, b, marker).stream().map(UUID::toString).sorted().toList();
            await().atMost(WAIT).until(() -> reader.poll(ofOrg(org)).stream().map(ConsumerRecord::key)
                    .collect(java.util.stream.Collectors.toSet()).containsAll(expected));
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> reader.poll(ofOrg(org)).size() == expected.size());
            List<ConsumerRecord<String, String>> events = reader.poll(ofOrg(org));
            assertEquals(expected, events.stream().map(ConsumerRecord::key).sorted().toList(), "exactly one event per flagged alias");
        }
        given().auth().oauth2(admin(org)).get(CREDENTIALS, org, "sol-1")
                .then().statusCode(200).body("items.status", everyItem(equalTo("BROKEN")));
        // The late v2/v1 events did not move the configuration's version back.
        assertEquals(List.of(4L, 4L), versionsOf(configId));
        // The config-service (not yet caught up here) still knows the config, but the consumed removal wins.
        given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                .body(Map.of("name", "late", "type", "OAUTH_ALIAS", "oauthConfigId", configId.toString()))
                .post(CREDENTIALS, org, "sol-1")
                .then().statusCode(400).body("errors[0].field", equalTo("oauthConfigId"));
    }

    @Test
    void anAliasOfAnotherOrganisationPointingAtTheConfigIsFlaggedWhenTheConfigsEventsArrive() {
        String owner = newOrg();
        String intruder = newOrg();
        UUID configId = UUID.randomUUID();
        // Only a bypass of the API's same-organisation check could write this row.
        Seeder.aliases(intruder, configId, 1);
        try (TopicReader reader = new TopicReader(ALIAS_EVENTS)) {
            sendConfigEvent(1, UUID.randomUUID(), owner, configId, 1, "CREATED");
            JsonObject event = value(awaitAliasEvents(reader, intruder, 1).get(0));
            assertEquals("BROKEN", event.getString("status"));
            assertTrue(event.getString("reason").contains("another organisation"), event.getString("reason"));
        }
        assertEquals(1L, Seeder.countBroken(intruder, configId));
    }

    @Test
    void aBrokenAliasIsRepairedByPointingItAtAnotherConfig() {
        String org = newOrg();
        UUID removed = config(org);
        UUID replacement = config(org);
        UUID id = alias(org, "sol-1", "crm", removed);

        try (TopicReader reader = new TopicReader(ALIAS_EVENTS)) {
            sendConfigEvent(1, UUID.randomUUID(), org, removed, 2, "REMOVED");
            awaitAliasEvents(reader, org, 1);

            given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                    .body(Map.of("name", "crm", "type", "OAUTH_ALIAS", "oauthConfigId", removed.toString()))
                    .put(CREDENTIALS + "/{id}", org, "sol-1", id)
                    .then().statusCode(400).body("errors[0].field", equalTo("oauthConfigId"));
            given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                    .body(Map.of("name", "crm", "type", "OAUTH_ALIAS", "oauthConfigId", replacement.toString()))
                    .put(CREDENTIALS + "/{id}", org, "sol-1", id)
                    .then().statusCode(200).body("status", equalTo("OK")).body("brokenReason", nullValue())
                    .body("oauthConfigId", equalTo(replacement.toString()));

            List<ConsumerRecord<String, String>> events = awaitAliasEvents(reader, org, 2);
            assertEquals(List.of("oauthconfig.alias.broken", "oauthconfig.alias.repaired"),
                    events.stream().map(r -> header(r, "ce_type")).toList());
            events.forEach(r -> SchemaCheck.assertValid(ContractSchema.CREDENTIAL_ALIAS_EVENT, r.value()));
            JsonObject repaired = value(events.get(1));
            assertEquals("OK", repaired.getString("status"));
            assertEquals(replacement.toString(), repaired.getString("oauthConfigId"));
            assertEquals(id.toString(), events.get(1).key());
        }
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndDoesNotBlockThePartition() {
        String org = newOrg();
        UUID configId = config(org);
        UUID id = alias(org, "sol-1", "crm", configId);
        String poison = "not json " + UUID.randomUUID();

        try (TopicReader dlq = new TopicReader(DLQ); TopicReader aliasEvents = new TopicReader(ALIAS_EVENTS)) {
            sendRaw(2, configId.toString(), poison);
            sendConfigEvent(2, UUID.randomUUID(), org, configId, 2, "REMOVED");

            awaitAliasEvents(aliasEvents, org, 1);
            await().atMost(WAIT).until(() -> dlq.poll(r -> poison.equals(r.value())), hasSize(1));
        }
        given().auth().oauth2(admin(org)).get(CREDENTIALS + "/{id}", org, "sol-1", id)
                .then().statusCode(200).body("status", equalTo("BROKEN"));
    }

    @Test
    void eachEventsDataSchemaIsAUrlServingExactlyTheContractsSchemaFile() throws Exception {
        String org = newOrg();
        UUID configId = config(org);
        alias(org, "sol-1", "crm", configId);
        try (TopicReader reader = new TopicReader(ALIAS_EVENTS)) {
            sendConfigEvent(1, UUID.randomUUID(), org, configId, 2, "REMOVED");
            String url = header(awaitAliasEvents(reader, org, 1).get(0), "ce_dataschema");
            // Fetched as any subscriber would: a plain HTTP GET of the header's URL, no token.
            java.net.http.HttpResponse<String> served = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, served.statusCode());
            assertEquals(ContractSchema.CREDENTIAL_ALIAS_EVENT.text(), served.body());
        }
    }

    @Test
    void aConfigEventWhoseHeadersContradictItsValueIsDeadLetteredAndAppliesNothing() {
        String org = newOrg();
        UUID configId = config(org);
        UUID id = alias(org, "sol-1", "crm", configId);
        UUID eventId = UUID.randomUUID();
        String value = KafkaFixtures.configEventValue(eventId, org, configId, 2, "REMOVED");
        try (TopicReader dlq = new TopicReader(DLQ)) {
            // ce_type says "created" while the value says REMOVED: a producer bug or a forgery, not data to act on.
            KafkaFixtures.send(new org.apache.kafka.clients.producer.ProducerRecord<>(KafkaFixtures.CONFIG_EVENTS, 3, configId.toString(),
                    value, com.oauthconfig.common.events.CloudEventHeaders.write(KafkaFixtures.configEventHeaders(eventId, configId, "CREATED"))));
            // A record without CloudEvents headers at all.
            sendRaw(3, configId.toString(), KafkaFixtures.configEventValue(UUID.randomUUID(), org, configId, 3, "REMOVED"));
            await().atMost(WAIT).until(() -> dlq.poll(r -> configId.toString().equals(r.key())), hasSize(2));
        }
        given().auth().oauth2(admin(org)).get(CREDENTIALS + "/{id}", org, "sol-1", id)
                .then().statusCode(200).body("status", equalTo("OK"));
    }

    @Inject
    Mutiny.SessionFactory sessions;

    /** What Hibernate has done with config_event_state rows so far (statistics are on in the test profile). */
    private long stateRowsThroughHibernate() {
        EntityStatistics s = sessions.getStatistics().getEntityStatistics(ConfigEventState.class.getName());
        return s.getLoadCount() + s.getFetchCount() + s.getInsertCount() + s.getUpdateCount();
    }

    @Test
    void eventsAreAppliedOnTheSqlClientWithoutHibernate() {
        String org = newOrg();
        UUID configId = config(org);
        UUID aliasId = alias(org, "sol-1", "crm", configId);
        long before = stateRowsThroughHibernate();

        sendConfigEvent(0, UUID.randomUUID(), org, configId, 2, "UPDATED");
        sendConfigEvent(0, UUID.randomUUID(), org, configId, 3, "REMOVED");
        await().atMost(WAIT).ignoreExceptions().until(() -> versionsOf(configId).equals(List.of(3L, 3L)));

        assertEquals(before, stateRowsThroughHibernate(), "config_event_state rows Hibernate loaded or wrote while the events applied");
        given().auth().oauth2(admin(org)).get(CREDENTIALS + "/{id}", org, "sol-1", aliasId)
                .then().statusCode(200).body("status", equalTo("BROKEN"));
    }
}

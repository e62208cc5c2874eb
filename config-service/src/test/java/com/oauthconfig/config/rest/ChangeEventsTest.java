package com.oauthconfig.config.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.config.support.EventCollector;
import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.testing.SchemaCheck;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every change reaches Kafka as a CloudEvent keyed by config id, in version order, without the secret. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class ChangeEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void createUpdateRemoveArriveKeyedByConfigWithCloudEventHeadersInVersionOrderAndNoSecret() throws Exception {
        String org = newOrg();
        String secret = "event-secret-" + UUID.randomUUID();
        try (EventCollector events = new EventCollector()) {
            Map<String, Object> body = openIdConfig("evented.config");
            body.put("clientSecret", secret);
            String id = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");
            Map<String, Object> renamed = openIdConfig("evented.config");
            renamed.put("name", "Renamed");
            renamed.put("clientSecret", secret + "x");
            as(admin(org)).header("If-Match", "\"1\"").body(renamed).put("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200);
            as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(204);

            List<ConsumerRecord<String, String>> got = events.awaitFor(List.of(id), Duration.ofSeconds(30), rs -> rs.size() >= 3);
            assertEquals(3, got.size());
            String[] types = {"oauthconfig.config.created", "oauthconfig.config.updated", "oauthconfig.config.removed"};
            String[] changes = {"CREATED", "UPDATED", "REMOVED"};
            Set<String> eventIds = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                ConsumerRecord<String, String> r = got.get(i);
                assertEquals(id, r.key());
                assertEquals("1.0", header(r, "ce_specversion"));
                assertEquals("/config-service", header(r, "ce_source"));
                assertEquals(types[i], header(r, "ce_type"));
                assertEquals(id, header(r, "ce_subject"));
                assertEquals(RestAssured.baseURI + ":" + RestAssured.port + "/api/schemas/oauth-config-event",
                        header(r, "ce_dataschema"));
                SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_EVENT, r.value());
                assertEquals("application/json", header(r, "content-type"));
                assertNotNull(Instant.parse(header(r, "ce_time")));
                assertFalse(r.value().contains(secret), "an event carries the secret");
                assertFalse(r.value().contains("clientSecretSealed"));
                JsonNode data = JSON.readTree(r.value());
                assertEquals(header(r, "ce_id"), data.get("eventId").asText());
                assertTrue(eventIds.add(data.get("eventId").asText()), "event ids are unique");
                assertEquals(org, data.get("orgId").asText());
                assertEquals(id, data.get("configId").asText());
                assertEquals(i + 1, data.get("version").asInt());
                assertEquals(changes[i], data.get("changeType").asText());
                assertEquals(i + 1, data.get("config").get("version").asInt());
                assertTrue(data.get("config").has("clientSecretSet"));
                assertFalse(data.get("config").has("clientSecret"));
            }
            JsonNode updated = JSON.readTree(got.get(1).value());
            Set<String> changed = new HashSet<>();
            updated.get("changedFields").forEach(f -> changed.add(f.asText()));
            assertEquals(Set.of("name", "clientSecret"), changed);
            assertEquals("Renamed", updated.get("config").get("name").asText());
        }
    }

    @Test
    void eventPayloadHasExactlyTheMembersItsPublishedSchemaDeclares() throws Exception {
        String org = newOrg();
        try (EventCollector events = new EventCollector()) {
            String id = as(admin(org)).body(openIdConfig("schema.event")).post("/api/orgs/{org}/oauth-configs", org)
                    .then().statusCode(201).extract().path("id");
            JsonNode data = JSON.readTree(events.awaitFor(List.of(id), Duration.ofSeconds(30), rs -> !rs.isEmpty()).get(0).value());
            JsonNode schema = JSON.readTree(given().get("/api/schemas/oauth-config-event").asString());
            Set<String> declared = new HashSet<>();
            schema.get("properties").fieldNames().forEachRemaining(declared::add);
            Set<String> present = new HashSet<>();
            data.fieldNames().forEachRemaining(present::add);
            assertEquals(declared, present);
            Set<String> declaredConfig = new HashSet<>();
            schema.get("properties").get("config").get("properties").fieldNames().forEachRemaining(declaredConfig::add);
            Set<String> presentConfig = new HashSet<>();
            data.get("config").fieldNames().forEachRemaining(presentConfig::add);
            assertEquals(declaredConfig, presentConfig);
        }
    }

    @Test
    void eachEventsDataSchemaIsAUrlServingExactlyTheContractsSchemaFile() throws Exception {
        String org = newOrg();
        try (EventCollector events = new EventCollector()) {
            String id = as(admin(org)).body(openIdConfig("dataschema.url")).post("/api/orgs/{org}/oauth-configs", org)
                    .then().statusCode(201).extract().path("id");
            ConsumerRecord<String, String> r = events.awaitFor(List.of(id), Duration.ofSeconds(30), rs -> !rs.isEmpty()).get(0);
            String url = header(r, "ce_dataschema");
            // Fetched as any subscriber would: a plain HTTP GET of the header's URL, no token.
            HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, served.statusCode());
            assertEquals(ContractSchema.OAUTH_CONFIG_EVENT.text(), served.body());
            assertEquals(JSON.readTree(ContractSchema.OAUTH_CONFIG_EVENT.text()).get("$id"), JSON.readTree(served.body()).get("$id"));
        }
    }

    @Test
    void everyKindOfEventAFullyFilledConfigProducesIsValidAgainstTheSchema() throws Exception {
        String org = newOrg();
        try (EventCollector events = new EventCollector()) {
            Map<String, Object> body = openIdConfig("schema.full");
            body.put("imageUrl", "https://cdn.example.com/logo.png");
            body.put("loginHint", "ann@example.com");
            body.put("clientSecret", "s3cret-value");
            body.put("apiHosts", List.of("api.example.com"));
            body.put("endpoints", Map.of("authorization", "https://idp.example.com/authorize", "token", "https://idp.example.com/token",
                    "revocation", "https://idp.example.com/revoke"));
            String id = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");
            as(admin(org)).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                    .body(Map.of("clientSecret", "another", "scopes", List.of("openid", "profile")))
                    .patch("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200);
            as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(204);
            List<ConsumerRecord<String, String>> got = events.awaitFor(List.of(id), Duration.ofSeconds(30), rs -> rs.size() >= 3);
            for (ConsumerRecord<String, String> r : got) {
                SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_EVENT, r.value());
            }
        }
    }
}

package com.oauthconfig.alias;

import java.net.URL;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.alias.support.KafkaFixtures.TopicReader;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static com.oauthconfig.alias.support.Fixtures.service;
import static com.oauthconfig.alias.support.KafkaFixtures.ALIAS_EVENTS;
import static com.oauthconfig.alias.support.KafkaFixtures.header;
import static com.oauthconfig.alias.support.KafkaFixtures.sendConfigEvent;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "PostgreSQL stopped and restarted under load" (fault test: restarts the shared
 * PostgreSQL): while the database is away every API call — reads, writes, the repair of a broken
 * alias, the token-service's resolution — answers 503 problem+json naming {@code postgresql} within
 * a client bound (a hang fails the test), readiness is DOWN and then UP again, and nothing written
 * during the outage is left behind, neither a row nor an outbox event.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class DatabaseOutageTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than any server-side bound (pool connect timeout); a hang shows up as a client timeout. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final int ROUNDS = 2;
    private static final String SOLUTION = "sol-1";
    private static final String CREDENTIALS = "/api/orgs/{org}/solutions/{solution}/credentials";

    @TestHTTPResource("/")
    URI base;

    @Test
    void whileTheDatabaseIsDownCallsFailFastWith503ProblemsReadinessIsDownAndNothingIsHalfWritten() throws Exception {
        String org = newOrg();
        String admin = admin(org);
        String serviceToken = service("token-service");
        UUID configId = config(org);
        UUID otherConfig = config(org);
        UUID kept = alias(org, SOLUTION, "kept", configId);
        // A broken alias whose repair (row + outbox event in one transaction) is attempted during the outage.
        UUID removedConfig = config(org);
        UUID broken = alias(org, SOLUTION, "broken", removedConfig);
        sendConfigEvent(1, UUID.randomUUID(), org, removedConfig, 2, "REMOVED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin)
                .get(CREDENTIALS + "/{id}", org, SOLUTION, broken).then().statusCode(200).body("status", equalTo("BROKEN")));

        String newBody = JSON.writeValueAsString(Map.of("name", "created-in-outage", "type", "OAUTH_ALIAS", "oauthConfigId", configId.toString()));
        String renameBody = JSON.writeValueAsString(Map.of("name", "renamed-in-outage", "type", "OAUTH_ALIAS", "oauthConfigId", otherConfig.toString()));
        String repairBody = JSON.writeValueAsString(Map.of("name", "broken", "type", "OAUTH_ALIAS", "oauthConfigId", otherConfig.toString()));
        String credentials = "api/orgs/" + org + "/solutions/" + SOLUTION + "/credentials";

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<String> answered = new ArrayList<>();
        Rig.postgres().stop();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get(ready).then().statusCode(503).body("status", equalTo("DOWN")));

            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            long sent = System.nanoTime();
            for (int round = 0; round < ROUNDS; round++) {
                List<HttpRequest> requests = List.of(
                        request(admin).uri(base.resolve(credentials)).GET().build(),
                        request(admin).uri(base.resolve(credentials + "/" + kept)).GET().build(),
                        request(admin).uri(base.resolve(credentials)).POST(HttpRequest.BodyPublishers.ofString(newBody)).build(),
                        request(admin).uri(base.resolve(credentials + "/" + kept)).header("If-Match", "\"0\"")
                                .PUT(HttpRequest.BodyPublishers.ofString(renameBody)).build(),
                        request(admin).uri(base.resolve(credentials + "/" + broken)).PUT(HttpRequest.BodyPublishers.ofString(repairBody)).build(),
                        request(admin).uri(base.resolve(credentials + "/" + kept)).DELETE().build(),
                        request(admin).uri(base.resolve("api/orgs/" + org + "/oauth-configs/" + configId + "/references")).GET().build(),
                        request(serviceToken).uri(base.resolve("internal/orgs/" + org + "/solutions/" + SOLUTION + "/credentials/resolve?name=kept"))
                                .GET().build());
                requests.forEach(r -> calls.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofString())));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> response;
                try {
                    response = call.join();
                } catch (CompletionException e) {
                    throw new AssertionError(e.getCause() instanceof HttpTimeoutException
                            ? "a request hung past " + REQUEST_TIMEOUT + " while the database was down" : "request failed: " + e.getCause(), e);
                }
                String what = response.request().method() + " " + response.request().uri() + ": " + response.body();
                assertEquals(503, response.statusCode(), what);
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), what);
                assertEquals("5", response.headers().firstValue("Retry-After").orElse(null), what);
                JsonNode problem = JSON.readTree(response.body());
                assertEquals("postgresql", problem.path("dependency").asText(), what);
                answered.add(response.request().method());
            }
            assertEquals(8 * ROUNDS, answered.size());
            System.out.printf("DatabaseOutageTest: %d concurrent calls, all 503 postgresql, the last after %d ms%n",
                    answered.size(), Duration.ofNanos(System.nanoTime() - sent).toMillis());
        } finally {
            Rig.postgres().start();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get(ready).then().statusCode(200).body("status", equalTo("UP")));
        // Nothing half-written: exactly the two aliases, unchanged, the broken one still broken.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin).get(CREDENTIALS, org, SOLUTION)
                .then().statusCode(200).body("total", equalTo(2)).body("items.name", equalTo(List.of("broken", "kept"))));
        given().auth().oauth2(admin).get(CREDENTIALS + "/{id}", org, SOLUTION, kept).then().statusCode(200)
                .header("ETag", "\"0\"").body("oauthConfigId", equalTo(configId.toString())).body("status", equalTo("OK"));
        given().auth().oauth2(admin).get(CREDENTIALS + "/{id}", org, SOLUTION, broken).then().statusCode(200)
                .body("status", equalTo("BROKEN")).body("oauthConfigId", equalTo(removedConfig.toString()));

        // The service works again, and the repair that failed left no event: the repaired events of the
        // broken alias on the topic are exactly the one of the repair made now.
        try (TopicReader reader = new TopicReader(ALIAS_EVENTS)) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(repairBody)
                    .put(CREDENTIALS + "/{id}", org, SOLUTION, broken).then().statusCode(200).body("status", equalTo("OK"));
            String repairedType = "oauthconfig.alias.repaired";
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll(r -> isRepairOf(r, broken, repairedType)), hasSize(1));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> reader.poll(r -> isRepairOf(r, broken, repairedType)), hasSize(1));
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(newBody).post(CREDENTIALS, org, SOLUTION).then().statusCode(201);
        given().auth().oauth2(serviceToken).queryParam("name", "kept").get("/internal/orgs/{org}/solutions/{s}/credentials/resolve", org, SOLUTION)
                .then().statusCode(200).body("credentialId", equalTo(kept.toString()));
    }

    private static boolean isRepairOf(ConsumerRecord<String, String> r, UUID credentialId, String type) {
        return credentialId.toString().equals(r.key()) && type.equals(header(r, "ce_type"));
    }

    private static HttpRequest.Builder request(String token) {
        return HttpRequest.newBuilder().timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    }
}

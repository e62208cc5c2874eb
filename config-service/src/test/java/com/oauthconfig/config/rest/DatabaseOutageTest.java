package com.oauthconfig.config.rest;

import java.net.URL;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.concurrent.CompletableFuture;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "PostgreSQL stopped and restarted under load": while the database is away every API call
 * answers 503 problem+json naming the dependency within its timeout (no hang), readiness is DOWN and
 * then UP again, and no write made during the outage left anything behind (record, audit).
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class DatabaseOutageTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than any server-side bound (pool acquire/connect timeouts); a hang shows up as a client timeout. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final int CONCURRENT = 12;

    @TestHTTPResource("/")
    URI base;

    @Test
    void whileTheDatabaseIsDownCallsFailFastWith503ProblemsReadinessIsDownAndNothingIsHalfWritten() throws Exception {
        String org = newOrg();
        String admin = admin(org);
        String id = create(org, openIdConfig("outage.kept"));
        int auditBefore = as(admin).get("/api/orgs/{org}/oauth-configs/{id}/audit", org, id).then().statusCode(200)
                .extract().path("items.size()");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, Object> changed = openIdConfig("outage.kept");
        changed.put("name", "changed during the outage");
        String newBody = JSON.writeValueAsString(openIdConfig("outage.new"));
        String changedBody = JSON.writeValueAsString(changed);

        Rig.postgres().stop();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get(ready).then().statusCode(503).body("status", equalTo("DOWN")));

            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                HttpRequest.Builder r = HttpRequest.newBuilder().timeout(REQUEST_TIMEOUT)
                        .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json");
                HttpRequest request = switch (i % 4) {
                    case 0 -> r.uri(base.resolve("api/orgs/" + org + "/oauth-configs")).GET().build();
                    case 1 -> r.uri(base.resolve("api/orgs/" + org + "/oauth-configs/" + id)).GET().build();
                    case 2 -> r.uri(base.resolve("api/orgs/" + org + "/oauth-configs")).POST(HttpRequest.BodyPublishers.ofString(newBody)).build();
                    default -> r.uri(base.resolve("api/orgs/" + org + "/oauth-configs/" + id)).header("If-Match", "\"1\"")
                            .PUT(HttpRequest.BodyPublishers.ofString(changedBody)).build();
                };
                calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> response;
                try {
                    response = call.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw new AssertionError(e.getCause() instanceof HttpTimeoutException
                            ? "a request hung past " + REQUEST_TIMEOUT + " while the database was down" : "request failed: " + e.getCause(), e);
                }
                assertEquals(503, response.statusCode(), response.request().method() + " " + response.request().uri() + ": " + response.body());
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), response.body());
                JsonNode problem = JSON.readTree(response.body());
                assertEquals("postgresql", problem.path("dependency").asText(), response.body());
            }
        } finally {
            Rig.postgres().start();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get(ready).then().statusCode(200).body("status", equalTo("UP")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(admin).get("/api/orgs/{org}/oauth-configs", org).then().statusCode(200).body("total", equalTo(1)));
        as(admin).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                .header("ETag", "\"1\"").body("name", equalTo("Sign in with Example"));
        as(admin).get("/api/orgs/{org}/oauth-configs/{id}/audit", org, id).then().statusCode(200)
                .body("items.size()", equalTo(auditBefore));
        // The service works normally again.
        create(org, openIdConfig("outage.after"));
    }
}

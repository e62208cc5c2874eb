package com.oauthconfig.localstack;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local stack as a person runs it: everything ready, and nothing left behind after stop. */
class LocalStackIT {

    @Test
    void everyServiceIsReadyWithItsDatabaseAndTheBrokerOnItsManagementPortOnly() {
        LocalStack stack = Stack.get();
        for (String service : List.of(LocalStack.CONFIG, LocalStack.TOKEN, LocalStack.ALIAS)) {
            String body = given().baseUri(stack.managementUrl(service)).get("/q/health/ready")
                    .then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "Kafka connection health check"))
                    .extract().asString();
            // Served without authentication: no key ids, no addresses.
            for (String leak : List.of("activeKeyId", "localhost", "127.0.0.1", "postgresql://")) {
                assertFalse(body.contains(leak), service + " readiness shows " + leak + ": " + body);
            }
            given().baseUri(stack.managementUrl(service)).get("/q/openapi").then().statusCode(200);
            given().baseUri(stack.managementUrl(service)).get("/q/metrics").then().statusCode(200);
            for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi")) {
                given().baseUri(stack.url(service)).get(path).then().statusCode(404);
            }
        }
    }

    @Test
    void readinessGoesDownWhileTheDatabaseOrTheBrokerIsAwayAndUpWhenBack() {
        LocalStack stack = Stack.get();
        List<String> services = List.of(LocalStack.CONFIG, LocalStack.TOKEN, LocalStack.ALIAS);
        stack.postgres().stop();
        try {
            services.forEach(s -> awaitReadiness(stack.managementUrl(s), 503));
        } finally {
            stack.postgres().start();
        }
        services.forEach(s -> awaitReadiness(stack.managementUrl(s), 200));

        stack.kafka().stop();
        try {
            services.forEach(s -> awaitReadiness(stack.managementUrl(s), 503));
        } finally {
            stack.kafka().start();
        }
        services.forEach(s -> awaitReadiness(stack.managementUrl(s), 200));
    }

    /** Waits for the readiness status; each probe is bounded, as a Kubernetes probe would be. */
    private static void awaitReadiness(String url, int status) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String[] last = {"no answer"};
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    last[0] = r.statusCode() + " " + r.body();
                    return r.statusCode() == status;
                } catch (java.io.IOException e) {
                    last[0] = e.toString();
                    return false;
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("readiness of " + url + " did not become " + status + "; last answer: " + last[0], e);
        }
    }

    @Test
    void stoppingTheStackLeavesNoProcessBehindAndDataSurvivesARestart() throws Exception {
        var dir = Stack.dataDirectory("e2e-lifecycle-");
        List<Long> pids;
        try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests(Stack.root(), dir, 1))) {
            pids = stack.servicePids();
            assertEquals(3, pids.size(), "one process per service: " + pids);
            assertTrue(pids.stream().allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)),
                    "every service process runs: " + pids);
            try (var c = stack.postgres().connect("postgres"); var s = c.createStatement()) {
                s.execute("create table if not exists survives (v text)");
                s.execute("insert into survives values ('kept')");
            }
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "service pid " + pid + " still alive");
        }
        assertTrue(Files.exists(dir.resolve("dev-keys.properties")), "keys are kept with the data");
        try (LocalStack again = LocalStack.start(LocalStack.Options.forTests(Stack.root(), dir, 1));
             var c = again.postgres().connect("postgres"); var s = c.createStatement();
             var rs = s.executeQuery("select count(*) from survives where v = 'kept'")) {
            rs.next();
            assertTrue(rs.getInt(1) == 1, "data kept across restarts");
        } finally {
            Stack.close(null, dir);
        }
    }
}

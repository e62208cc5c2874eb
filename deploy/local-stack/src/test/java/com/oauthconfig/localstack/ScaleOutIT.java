package com.oauthconfig.localstack;

import io.restassured.http.ContentType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of every service on one database and one broker, as Kubernetes would run them:
 * consumer groups share the partitions, each event is applied once, and a refresh wanted by many
 * requests on both token-service instances reaches the provider once.
 */
class ScaleOutIT {

    private static LocalStack stack;
    private static Path data;

    @BeforeAll
    static void startTwoOfEach() throws Exception {
        data = Stack.dataDirectory("e2e-scale-");
        stack = LocalStack.start(LocalStack.Options.forTests(Stack.root(), data, 2));
    }

    @AfterAll
    static void stop() {
        Stack.close(stack, data);
    }

    @Test
    void bothInstancesShareThePartitionsAndEveryRemovalFlagsEachAliasExactlyOnce() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        String configId = Flows.createConfig(stack, org, admin, "acme.scale.token", "scale-idp", "s-" + UUID.randomUUID());
        List<String> aliasUrls = stack.urls(LocalStack.ALIAS);
        Set<String> aliases = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            aliases.add(given().baseUri(aliasUrls.get(i % 2)).auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("name", "crm-" + i, "type", "OAUTH_ALIAS", "oauthConfigId", configId))
                    .post("/api/orgs/{org}/solutions/{sol}/credentials", org, "sol-" + (i % 3))
                    .then().statusCode(201).extract().<String>path("id"));
        }

        try (Admin kafkaAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            for (String group : List.of("credential-alias-service", "token-service")) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    ConsumerGroupDescription d = kafkaAdmin.describeConsumerGroups(List.of(group)).all().get().get(group);
                    List<MemberDescription> owning = d.members().stream()
                            .filter(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals("oauth-config-events")))
                            .toList();
                    assertEquals(2, owning.size(), group + " members owning oauth-config-events partitions: " + d.members());
                });
            }
        }

        try (KafkaConsumer<String, String> events = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "scale-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            events.subscribe(List.of("credential-alias-events"));
            given().baseUri(stack.urls(LocalStack.CONFIG).get(1)).auth().oauth2(admin).queryParam("force", true)
                    .delete("/api/orgs/{org}/oauth-configs/{id}", org, configId).then().statusCode(204);

            List<String> brokenKeys = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                poll(events, org, brokenKeys);
                return new HashSet<>(brokenKeys).containsAll(aliases);
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> {
                poll(events, org, brokenKeys);
                return brokenKeys.size() == aliases.size();
            });
            assertEquals(aliases, new HashSet<>(brokenKeys), "one broken event per alias, none twice");
        }
        for (String url : aliasUrls) {
            given().baseUri(url).auth().oauth2(admin).queryParam("status", "BROKEN").queryParam("size", 100)
                    .get("/api/orgs/{org}/solutions/{sol}/credentials", org, "sol-0")
                    .then().statusCode(200).body("items.size()", equalTo(4));
        }
    }

    private static void poll(KafkaConsumer<String, String> consumer, String org, List<String> keys) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.value().contains(org)) {
                keys.add(r.key());
            }
        }
    }

    @Test
    void manyRequestsOnBothTokenServiceInstancesForOneExpiredTokenRefreshItOnce() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        String configId = Flows.createConfig(stack, org, admin, "acme.refresh.token", "scale-idp", "s-" + UUID.randomUUID());
        String user = "carol-" + UUID.randomUUID();
        Flows.signIn(stack.urls(LocalStack.TOKEN).get(0), org, configId, stack.oidc().platformToken(user, org, "MEMBER"));
        String runtime = stack.oidc().serviceToken("function-runtime");
        String body = "{\"orgId\":\"" + org + "\",\"userId\":\"" + user + "\",\"tokenReference\":\"acme.refresh.token\","
                + "\"url\":\"https://api.example.test/refresh\"}";
        // The user is present: carol's own platform token goes along with every call.
        String carolsOwnToken = stack.oidc().platformToken(user, org, "MEMBER");
        // Warm each instance's config cache first (the race under test is the refresh, not cold
        // config reads) with a user who has not signed in: no instance holds carol's token in its
        // token cache, so each of the 40 requests reads the expired row.
        String dan = "dan-" + UUID.randomUUID();
        String dansBody = body.replace(user, dan);
        for (String url : stack.urls(LocalStack.TOKEN)) {
            given().baseUri(url).auth().oauth2(runtime).header("X-User-Token", stack.oidc().platformToken(dan, org, "MEMBER"))
                    .contentType(ContentType.JSON).body(dansBody)
                    .post("/api/tokens/resolve").then().statusCode(401).body("error.name", equalTo("OAuthCredentialsMissingError"));
        }
        Flows.expireAccessToken(stack, org, user);

        int before = stack.oidc().requestCount("scale-idp", "token");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> urls = stack.urls(LocalStack.TOKEN);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        // 40 at once, 20 per instance: enough to race on both, few enough for a loaded 2-core CI machine.
        for (int i = 0; i < 40; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(urls.get(i % 2) + "/api/tokens/resolve"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + runtime).header("X-User-Token", carolsOwnToken)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();
        Set<Integer> statuses = answers.stream().map(HttpResponse::statusCode).collect(Collectors.toSet());
        assertEquals(Set.of(200), statuses, "every request got a token; other answers: " + answers.stream()
                .filter(a -> a.statusCode() != 200).map(HttpResponse::body).distinct().toList());
        Set<String> tokens = answers.stream().map(a -> a.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1"))
                .collect(Collectors.toSet());
        assertEquals(1, tokens.size(), "all were served the one refreshed token");
        assertEquals(1, stack.oidc().requestCount("scale-idp", "token") - before, "one refresh call at the provider");
        assertTrue(answers.stream().allMatch(a -> a.headers().firstValue("Cache-Control").orElse("").contains("no-store")));
    }
}

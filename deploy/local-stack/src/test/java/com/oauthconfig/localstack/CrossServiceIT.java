package com.oauthconfig.localstack;

import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Flows that cross services, over real HTTP and the real broker, as users and subscribers see them. */
class CrossServiceIT {

    private final LocalStack stack = Stack.get();

    @Test
    void removingAReferencedConfigIsRefusedUntilForcedAndThenItsAliasesAreFlaggedBroken() {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        String configId = createConfig(org, admin, "acme.crm.token");

        String credentialId = given().baseUri(stack.url(LocalStack.ALIAS)).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "crm", "type", "OAUTH_ALIAS", "oauthConfigId", configId))
                .post("/api/orgs/{org}/solutions/{sol}/credentials", org, "sol-1")
                .then().statusCode(201).body("status", equalTo("OK")).extract().path("id");

        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin)
                .delete("/api/orgs/{org}/oauth-configs/{id}", org, configId)
                .then().statusCode(409).contentType("application/problem+json")
                .body("references.credentialId", hasItem(credentialId));

        try (KafkaConsumer<String, String> aliasEvents = consumerAtEnd("credential-alias-events")) {
            given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).queryParam("force", true)
                    .delete("/api/orgs/{org}/oauth-configs/{id}", org, configId)
                    .then().statusCode(204);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().baseUri(stack.url(LocalStack.ALIAS)).auth().oauth2(admin)
                            .get("/api/orgs/{org}/solutions/{sol}/credentials/{id}", org, "sol-1", credentialId)
                            .then().statusCode(200).body("status", equalTo("BROKEN")));

            List<ConsumerRecord<String, String>> broken = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                aliasEvents.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (credentialId.equals(r.key())) {
                        broken.add(r);
                    }
                });
                return !broken.isEmpty();
            });
            assertEquals("oauthconfig.alias.broken", header(broken.get(0), "ce_type"));
        }
    }

    @Test
    void theClientSecretNeverLeavesTheConfigServiceExceptToTheTokenService() {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        String configId = createConfig(org, admin, "acme.secret.token");
        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin)
                .get("/api/orgs/{org}/oauth-configs/{id}", org, configId)
                .then().statusCode(200).body("clientSecretSet", equalTo(true)).body(not(containsString(SECRET)));
        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin)
                .get("/internal/orgs/{org}/oauth-configs/{id}", org, configId)
                .then().statusCode(403);
        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(stack.oidc().serviceToken("token-service"))
                .get("/internal/orgs/{org}/oauth-configs/{id}", org, configId)
                .then().statusCode(200).body("clientSecret", equalTo(SECRET));
    }

    private static final String SECRET = "e2e-client-secret-" + UUID.randomUUID();

    private String createConfig(String org, String admin, String title) {
        return Flows.createConfig(stack, org, admin, title, "acme-idp", SECRET);
    }

    private KafkaConsumer<String, String> consumerAtEnd(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        return consumer;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

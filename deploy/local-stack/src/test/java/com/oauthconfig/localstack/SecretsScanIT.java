package com.oauthconfig.localstack;

import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Secrets: after a flow that handles a client secret, a sign-in, an access token and a refresh (run
 * on the shared e2e stack, in any order with the other flows there), no client secret, access token
 * or refresh token value of this flow appears in any service log file of the stack or in any record
 * (value or header) of {@code oauth-config-events} and {@code credential-alias-events}; and no
 * JWT-shaped string at all is in the whole logs (covering the tokens of every flow that ran on the
 * stack so far). Refresh token values are read from the forms this flow's own issuer received.
 */
class SecretsScanIT {

    private static final java.util.regex.Pattern JWT = java.util.regex.Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.");
    private final LocalStack stack = Stack.get();

    @Test
    void noClientSecretAccessTokenOrRefreshTokenIsInAnyLogFileOrKafkaRecord() throws Exception {
        String org = "org-" + UUID.randomUUID();
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        String secret = "scan-secret-" + UUID.randomUUID();
        String configId = Flows.createConfig(stack, org, admin, "acme.scan.token", "scan-idp", secret);
        given().baseUri(stack.url(LocalStack.ALIAS)).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "crm", "type", "OAUTH_ALIAS", "oauthConfigId", configId))
                .post("/api/orgs/{org}/solutions/{sol}/credentials", org, "sol-1").then().statusCode(201);
        String user = "dave-" + UUID.randomUUID();
        Flows.signIn(stack.url(LocalStack.TOKEN), org, configId, stack.oidc().platformToken(user, org, "MEMBER"));

        String first = resolve(org, user);
        Flows.expireAccessToken(stack, org, user);
        // Until the change reaches the service's token cache, it may still serve the first token.
        String refreshed = await().atMost(Duration.ofSeconds(30)).until(() -> resolve(org, user), token -> !token.equals(first));
        assertNotEquals(first, refreshed, "a call after the expiry refreshed the token");
        // A removal puts the config and its aliases through both topics.
        given().baseUri(stack.url(LocalStack.CONFIG)).auth().oauth2(admin).queryParam("force", true)
                .delete("/api/orgs/{org}/oauth-configs/{id}", org, configId).then().statusCode(204);

        Map<String, String> values = new LinkedHashMap<>();
        values.put("client secret", secret);
        values.put("access token", first);
        values.put("refreshed access token", refreshed);
        Set<String> refreshTokens = refreshTokensSentTo("scan-idp");
        assertFalse(refreshTokens.isEmpty(), "the provider received a refresh grant");
        int n = 0;
        for (String r : refreshTokens) {
            values.put("refresh token " + (++n), r);
        }

        List<String> hits = new ArrayList<>();
        Path logs = stack.instances(LocalStack.CONFIG).get(0).log().getParent();
        List<Path> files;
        try (Stream<Path> s = Files.list(logs)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertEquals(4, files.size(), "one log file per service instance and the console: " + files);
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            values.forEach((what, v) -> {
                if (text.contains(v)) {
                    hits.add(what + " in " + f.getFileName());
                }
            });
            // Any JWT at all (platform bearer tokens of every flow that ran on this stack, ID tokens, provider tokens).
            if (JWT.matcher(text).find()) {
                hits.add("a JWT in " + f.getFileName());
            }
        }
        Set<String> topicsWithThisFlow = new java.util.HashSet<>();
        int records = scanTopics(values, hits, org, topicsWithThisFlow);
        assertEquals(Set.of("oauth-config-events", "credential-alias-events"), topicsWithThisFlow, "this flow's records were scanned");
        assertEquals(List.of(), hits, "secret values found");
        System.out.printf("SecretsScanIT: %d values, %d log files, %d Kafka records scanned, no hit%n", values.size(), files.size(), records);
    }

    private String resolve(String org, String user) {
        return given().baseUri(stack.url(LocalStack.TOKEN)).auth().oauth2(stack.oidc().serviceToken("function-runtime"))
                .header("X-User-Token", stack.oidc().platformToken(user, org, "MEMBER"))
                .contentType(ContentType.JSON)
                .body(Map.of("orgId", org, "userId", user, "tokenReference", "acme.scan.token", "url", "https://api.example.test/scan"))
                .post("/api/tokens/resolve").then().statusCode(200).extract().path("accessToken");
    }

    /** Every refresh_token this flow's own issuer was sent (the provider's journal is read, not drained). */
    private Set<String> refreshTokensSentTo(String issuerId) {
        Set<String> tokens = new LinkedHashSet<>();
        for (Map<String, String> form : stack.oidc().tokenRequests(issuerId)) {
            if ("refresh_token".equals(form.get("grant_type")) && form.get("refresh_token") != null) {
                tokens.add(form.get("refresh_token"));
            }
        }
        return tokens;
    }

    private int scanTopics(Map<String, String> values, List<String> hits, String org, Set<String> topicsWithOrg) {
        int records = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "scan-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("oauth-config-events", "credential-alias-events"));
            int empty = 0;
            // Read until the topics stay quiet: the removal's events are on them by then.
            while (empty < 10 || topicsWithOrg.size() < 2 && empty < 60) {
                var batch = consumer.poll(Duration.ofMillis(500));
                empty = batch.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<String, String> rec : batch) {
                    records++;
                    StringBuilder all = new StringBuilder(String.valueOf(rec.key())).append(' ').append(rec.value());
                    for (Header h : rec.headers()) {
                        all.append(' ').append(new String(h.value(), StandardCharsets.UTF_8));
                    }
                    String text = all.toString();
                    if (text.contains(org)) {
                        topicsWithOrg.add(rec.topic());
                    }
                    values.forEach((what, v) -> {
                        if (text.contains(v)) {
                            hits.add(what + " in " + rec.topic() + " offset " + rec.offset());
                        }
                    });
                }
            }
        }
        return records;
    }
}

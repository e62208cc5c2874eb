package com.oauthconfig.localstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A newcomer's first hour, as the README tells it: walkthrough.sh runs against the booted stack
 * and every step it checks holds; afterwards the services expose every metric the Kubernetes
 * alerts and dashboard read (deploy/kubernetes/base/monitoring/service-metrics.txt), and each
 * serves its Swagger UI on the management port; and every record the walkthrough caused on
 * oauth-config-events and credential-alias-events (every record on those topics, in fact) matches
 * docs/asyncapi.yaml: CloudEvents headers, key and payload schema.
 */
class WalkthroughIT {

    private final LocalStack stack = Stack.get();

    @Test
    void theWalkthroughRunsFromCreateToBrokenAliasItsEventsMatchTheAsyncApiAndTheMetricsTheAlertsReadAreExposed() throws Exception {
        String org = "walkthrough-" + UUID.randomUUID();
        ProcessBuilder builder = new ProcessBuilder("bash", Stack.root().resolve("deploy/local-stack/walkthrough.sh").toString())
                .redirectErrorStream(true)
                .directory(Stack.root().toFile());
        builder.environment().putAll(Map.of(
                "CONFIG_URL", stack.url(LocalStack.CONFIG),
                "TOKEN_URL", stack.url(LocalStack.TOKEN),
                "ALIAS_URL", stack.url(LocalStack.ALIAS),
                "OIDC_URL", stack.oidc().baseUrl(),
                "ECHO_URL", stack.echoUrl(),
                "ORG", org));
        Process run = builder.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(3, TimeUnit.MINUTES), "the walkthrough ends");
        assertEquals(0, run.exitValue(), "every step of the walkthrough held:\n" + output);
        assertFalse(output.contains("✘"), output);
        for (String expected : List.of("the echo API received 'Authorization: Bearer' with bob's access token",
                "\"sub\": \"bob\"", "← 409 application/problem+json", "is BROKEN", "OAuthCredentialsMissingError, reason ALIAS_BROKEN")) {
            assertTrue(output.contains(expected), "the walkthrough shows " + expected + ":\n" + output);
        }
        // The tokens it used are printed by name only.
        assertFalse(output.matches("(?s).*Bearer ey[A-Za-z0-9_-]{10,}.*"), "no token value in the walkthrough's output");

        // What the script claims, read back from the services themselves.
        String admin = stack.oidc().platformToken("alice", org, "ADMIN");
        String aliasId = lineAfter(output, "alias ", " is OK");
        String configId = lineAfter(output, "created ", "; the answer says clientSecretSet, never the secret");
        assertEventsMatchTheAsyncApiDocument(configId, aliasId);
        given().baseUri(stack.url(LocalStack.ALIAS)).auth().oauth2(admin)
                .get("/api/orgs/{org}/solutions/sales-app/credentials/{id}", org, aliasId)
                .then().statusCode(200).body("status", equalTo("BROKEN"));

        Map<String, Set<String>> catalogue = serviceMetrics();
        for (String service : List.of(LocalStack.CONFIG, LocalStack.TOKEN, LocalStack.ALIAS)) {
            String metrics = given().baseUri(stack.managementUrl(service)).get("/q/metrics").then().statusCode(200).extract().asString();
            List<String> missing = new ArrayList<>();
            catalogue.forEach((metric, services) -> {
                if (services.contains(service) && !metrics.matches("(?s).*(^|\\n)" + metric + "[{ ].*")) {
                    missing.add(metric);
                }
            });
            assertTrue(missing.isEmpty(), service + " does not expose " + missing + ", which the Kubernetes alerts or dashboard read");
            given().baseUri(stack.managementUrl(service)).get("/q/swagger-ui/").then().statusCode(200);
        }
    }

    /**
     * Reads both topics from the start until the walkthrough's own events are there (its
     * configuration created and removed, its alias broken), and validates every record read.
     */
    private void assertEventsMatchTheAsyncApiDocument(String configId, String aliasId) throws IOException {
        AsyncApiDocument asyncApi = AsyncApiDocument.load(Stack.root().resolve("docs/asyncapi.yaml"));
        assertTrue(asyncApi.version().startsWith("3."), "an AsyncAPI 3 document");
        assertEquals(Set.of("oauth-config-events", "credential-alias-events"), asyncApi.topics());
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "asyncapi-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(asyncApi.topics());
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return typesOf(records, configId).containsAll(List.of("oauthconfig.config.created", "oauthconfig.config.removed"))
                        && typesOf(records, aliasId).contains("oauthconfig.alias.broken");
            });
        }
        List<String> violations = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            asyncApi.violations(r).forEach(v -> violations.add(r.topic() + "@" + r.partition() + ":" + r.offset() + " " + v));
        }
        assertTrue(violations.isEmpty(), records.size() + " records read, these do not match docs/asyncapi.yaml:\n" + String.join("\n", violations));
    }

    private static List<String> typesOf(List<ConsumerRecord<String, String>> records, String subject) {
        return records.stream().filter(r -> subject.equals(header(r, "ce_subject"))).map(r -> header(r, "ce_type")).toList();
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The id in the script's line "✔ alias <id> is OK". */
    private static String lineAfter(String output, String prefix, String suffix) {
        for (String line : output.split("\n")) {
            int at = line.indexOf("✔ " + prefix);
            if (at >= 0 && line.endsWith(suffix)) {
                return line.substring(at + 2 + prefix.length(), line.length() - suffix.length()).trim();
            }
        }
        throw new AssertionError("no line '" + prefix + "…" + suffix + "' in:\n" + output);
    }

    /** deploy/kubernetes/base/monitoring/service-metrics.txt: metric → the services that must expose it. */
    private static Map<String, Set<String>> serviceMetrics() throws IOException {
        Map<String, Set<String>> catalogue = new TreeMap<>();
        Path file = Stack.root().resolve("deploy/kubernetes/base/monitoring/service-metrics.txt");
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                String[] parts = l.split("\\s+");
                catalogue.put(parts[0], Set.of(parts[1].split(",")));
            }
        }
        assertFalse(catalogue.isEmpty(), file + " lists metrics");
        return catalogue;
    }
}

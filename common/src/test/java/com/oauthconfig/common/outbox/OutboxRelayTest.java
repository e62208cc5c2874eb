package com.oauthconfig.common.outbox;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "common_outbox"))
class OutboxRelayTest {

    @Test
    void committedEventsArePublishedWithCloudEventHeadersAndRolledBackOnesNever() {
        String topic = "outbox-test-" + UUID.randomUUID();
        String key = "agg-1";
        String committed = append(topic, key, 1, false);
        given().queryParam("topic", topic).queryParam("key", key).queryParam("seq", 2).queryParam("fail", true)
                .post("/test/outbox").then().statusCode(500);
        String later = append(topic, key, 3, false);

        List<ConsumerRecord<String, String>> records = consume(topic, 2);
        assertEquals(List.of(committed, later), records.stream().map(r -> header(r, "ce_id")).toList());
        ConsumerRecord<String, String> first = records.get(0);
        assertEquals(key, first.key());
        assertEquals("{\"seq\": 1}", first.value());
        assertEquals("1.0", header(first, "ce_specversion"));
        assertEquals("test.event", header(first, "ce_type"));
        assertEquals("/test", header(first, "ce_source"));
        assertEquals("urn:test:1", header(first, "ce_dataschema"));
        assertEquals("application/json", header(first, "content-type"));
    }

    @Test
    void writesDuringABrokerOutageAreAllDeliveredInOrderWhenItReturns() {
        String topic = "outbox-outage-" + UUID.randomUUID();
        append(topic, "warm-up", 0, false);
        consume(topic, 1);

        Rig.kafka().stop();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 1; i <= 30; i++) {
                ids.add(append(topic, "key-" + (i % 3), i, false));
            }
        } finally {
            Rig.kafka().start();
        }

        List<ConsumerRecord<String, String>> records = consume(topic, 31);
        List<String> seen = records.stream().map(r -> header(r, "ce_id")).distinct().toList();
        assertTrue(seen.containsAll(ids), "every event committed during the outage was delivered");
        Map<String, List<Integer>> seqByKey = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            if (!r.key().equals("warm-up")) {
                seqByKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value().replaceAll("\\D", "")));
            }
        }
        seqByKey.forEach((k, seqs) -> assertEquals(seqs.stream().distinct().sorted().toList(), seqs.stream().distinct().toList(),
                "order per key kept for " + k));
    }

    @ParameterizedTest
    @ValueSource(strings = {"session", "sql"})
    void aBulkAppendOfMoreThanOneChunkIsPublishedCompleteAndInOrder(String client) {
        String topic = "outbox-bulk-" + UUID.randomUUID();
        given().queryParam("topic", topic).queryParam("key", "one-key").queryParam("count", 2500).queryParam("client", client)
                .post("/test/outbox/bulk").then().statusCode(200);
        List<Integer> seqs = consume(topic, 2500).stream().map(r -> Integer.parseInt(r.value().replaceAll("\\D", ""))).toList();
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 2500).boxed().toList(), seqs);
    }

    private static String append(String topic, String key, int seq, boolean fail) {
        return given().queryParam("topic", topic).queryParam("key", key).queryParam("seq", seq).queryParam("fail", fail)
                .post("/test/outbox").then().statusCode(200).extract().asString();
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, int atLeast) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Rig.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= atLeast;
            });
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

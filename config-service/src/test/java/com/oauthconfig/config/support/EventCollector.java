package com.oauthconfig.config.support;

import com.oauthconfig.rig.Rig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A real Kafka consumer on the rig's broker that keeps the records whose key the test cares about. */
public final class EventCollector implements AutoCloseable {

    public static final String TOPIC = "oauth-config-events";

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    public EventCollector() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Rig.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
    }

    /** Polls until {@code done} holds for the records with one of {@code keys}, and returns those in arrival order. */
    public List<ConsumerRecord<String, String>> awaitFor(Collection<String> keys, Duration atMost,
                                                         Predicate<List<ConsumerRecord<String, String>>> done) {
        Set<String> wanted = Set.copyOf(keys);
        await().atMost(atMost).pollInSameThread().pollInterval(Duration.ofMillis(100)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (wanted.contains(r.key())) {
                    records.add(r);
                }
            });
            return done.test(List.copyOf(records));
        });
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}

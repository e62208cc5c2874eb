package com.oauthconfig.alias.support;

import com.oauthconfig.common.events.CloudEventHeaders;
import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
import com.oauthconfig.contracts.testing.ContractJson;
import com.oauthconfig.contracts.testing.ContractSamples;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Real Kafka clients: config events produced as the config-service does, alias events read back. */
public final class KafkaFixtures {

    public static final String CONFIG_EVENTS = "oauth-config-events";
    public static final String ALIAS_EVENTS = "credential-alias-events";
    public static final String DLQ = "oauth-config-events-dlq";

    private static KafkaProducer<String, String> producer;

    private KafkaFixtures() {
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** The value of a config event: the contract record, checked against its schema. */
    public static String configEventValue(UUID eventId, String orgId, UUID configId, long version, String changeType) {
        OAuthConfigChangedEvent sample = ContractSamples.configEvent(orgId, configId, version, ChangeType.valueOf(changeType));
        return ContractJson.write(ContractSchema.OAUTH_CONFIG_EVENT, new OAuthConfigChangedEvent(eventId, orgId, configId, version,
                sample.changeType(), sample.changedFields(), sample.config()));
    }

    /** The CloudEvents headers the config-service sends with an event. */
    public static CloudEventHeaders.Attributes configEventHeaders(UUID eventId, UUID configId, String changeType) {
        return new CloudEventHeaders.Attributes(eventId.toString(), OAuthConfigChangedEvent.SOURCE,
                ChangeType.valueOf(changeType).ceType, configId.toString(), Instant.now(),
                "http://config-service.test" + OAuthConfigChangedEvent.SCHEMA_PATH);
    }

    /**
     * Sends a config event with the CloudEvents headers of the contract. A fixed partition lets a
     * test put a marker event behind the ones it checks: the consumer applies a partition in order.
     */
    public static void sendConfigEvent(int partition, UUID eventId, String orgId, UUID configId, long version, String changeType) {
        sendConfigEvent(partition, eventId, orgId, configId, version, changeType, null);
    }

    /** As above, with the {@code traceparent} header the config-service's outbox relay sends (null: none). */
    public static void sendConfigEvent(int partition, UUID eventId, String orgId, UUID configId, long version, String changeType,
                                       String traceparent) {
        var headers = CloudEventHeaders.write(configEventHeaders(eventId, configId, changeType));
        if (traceparent != null) {
            headers.add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        send(new ProducerRecord<>(CONFIG_EVENTS, partition, configId.toString(),
                configEventValue(eventId, orgId, configId, version, changeType), headers));
    }

    public static void sendRaw(int partition, String key, String value) {
        send(new ProducerRecord<>(CONFIG_EVENTS, partition, key, value));
    }

    public static void send(ProducerRecord<String, String> record) {
        try {
            producer().send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + record.topic(), e);
        }
    }

    /** Everything on a topic from its beginning, read by a fresh consumer group. */
    public static final class TopicReader implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();

        public TopicReader(String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
        }

        /** Polls once more and returns every record seen so far that matches. */
        public List<ConsumerRecord<String, String>> poll(Predicate<ConsumerRecord<String, String>> filter) {
            consumer.poll(Duration.ofMillis(300)).forEach(seen::add);
            return seen.stream().filter(filter).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    public static JsonObject value(ConsumerRecord<String, String> r) {
        return new JsonObject(r.value());
    }

    public static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Alias events of one organisation. */
    public static Predicate<ConsumerRecord<String, String>> ofOrg(String orgId) {
        return r -> {
            try {
                return orgId.equals(new JsonObject(r.value()).getString("orgId"));
            } catch (RuntimeException notJson) {
                return false;
            }
        };
    }
}

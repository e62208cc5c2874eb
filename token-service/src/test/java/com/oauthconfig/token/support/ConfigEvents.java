package com.oauthconfig.token.support;

import com.oauthconfig.common.events.CloudEventHeaders;
import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
import com.oauthconfig.contracts.testing.ContractJson;
import com.oauthconfig.rig.Rig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Publishes oauth-config-events as the config-service's outbox relay does: contract records, CloudEvents binary headers. */
public final class ConfigEvents {

    public static final String TOPIC = "oauth-config-events";
    private static KafkaProducer<String, String> producer;

    private ConfigEvents() {
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Rig.kafka().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /**
     * The event the config-service would publish for {@code config} at {@code version}: the contract
     * record (the public shape, no secret), checked against its schema, as JSON for the test to inspect.
     */
    public static JsonObject event(String changeType, JsonObject config, long version, String... changedFields) {
        InternalOAuthConfig c = Fixtures.contract(config.copy().put("version", version));
        // The public record is the internal one without the secret, plus what only the public record has.
        JsonObject published = new JsonObject(ContractJson.write(ContractSchema.OAUTH_CONFIG_INTERNAL, c));
        published.put("clientSecretSet", published.remove("clientSecret") != null).put("domains", new JsonArray())
                .put("createdBy", "admin").put("createdAt", Instant.EPOCH.toString())
                .put("updatedBy", "admin").put("updatedAt", Instant.now().toString());
        OAuthConfigChangedEvent event = new OAuthConfigChangedEvent(UUID.randomUUID(), c.orgId(), c.id(), version,
                ChangeType.valueOf(changeType), List.of(changedFields),
                ContractJson.read(published.encode(), OAuthConfigChangedEvent.Config.class));
        return new JsonObject(ContractJson.write(ContractSchema.OAUTH_CONFIG_EVENT, event));
    }

    /** The CloudEvents headers the config-service sends with an event. */
    public static CloudEventHeaders.Attributes headers(JsonObject event) {
        return new CloudEventHeaders.Attributes(event.getString("eventId"), OAuthConfigChangedEvent.SOURCE,
                ChangeType.valueOf(event.getString("changeType")).ceType, event.getString("configId"), Instant.now(),
                "http://config-service.test" + OAuthConfigChangedEvent.SCHEMA_PATH);
    }

    private static final Object READY_LOCK = new Object();
    private static boolean consumersReady;

    /**
     * Waits (once per test JVM) until both subscriptions have their partitions: the main consumer has
     * processed a probe on every partition, and the cache broadcast (which starts at the latest
     * offset) has evicted for one. Afterwards events flow at once.
     */
    public static void awaitConsumersReady(io.micrometer.core.instrument.MeterRegistry meters, String issuerId) {
        // Not the class lock: the wait sends probes from Awaitility's thread, and producer() takes that lock.
        synchronized (READY_LOCK) {
            awaitOnce(meters, issuerId);
        }
    }

    private static void awaitOnce(io.micrometer.core.instrument.MeterRegistry meters, String issuerId) {
        if (consumersReady) {
            return;
        }
        // One probe per partition: the first record of a partition costs the consumer an offset lookup.
        List<JsonObject> probes = sendToEveryPartition(() -> event("CREATED", Fixtures.config(Fixtures.newOrg(), issuerId), 1));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> probes.stream().allMatch(ConfigEvents::applied));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
            send(event("CREATED", Fixtures.config(Fixtures.newOrg(), issuerId), 1));
            return evictions(meters) > 0;
        });
        consumersReady = true;
    }

    /** Evictions the per-instance cache subscription has made so far. */
    public static double evictions(io.micrometer.core.instrument.MeterRegistry meters) {
        var c = meters.find("token.config.cache-evictions").counter();
        return c == null ? 0 : c.count();
    }

    /** Whether the consumer's state has reached this event's version: it, or a later one, was applied. */
    public static boolean applied(JsonObject event) {
        return Fixtures.row("select 1 from config_state where config_id = ? and last_version >= ?",
                event.getString("configId"), event.getLong("version")) != null;
    }

    /** Sends with the contract's headers and waits for the broker's acknowledgement. */
    public static void send(JsonObject event) {
        sendRaw(event.getString("configId"), event.encode(), headers(event));
    }

    /** As {@link #send(JsonObject)}, with the {@code traceparent} header the config-service's outbox relay sends. */
    public static void send(JsonObject event, String traceparent) {
        org.apache.kafka.common.header.Headers headers = CloudEventHeaders.write(headers(event));
        headers.add("traceparent", traceparent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        acknowledged(new ProducerRecord<>(TOPIC, null, event.getString("configId"), event.encode(), headers));
    }

    /** Sends one event to each partition of the topic (warm-up: every partition then has a consumer position); returns them. */
    public static List<JsonObject> sendToEveryPartition(java.util.function.Supplier<JsonObject> events) {
        List<JsonObject> sent = new java.util.ArrayList<>();
        int partitions = producer().partitionsFor(TOPIC).size();
        for (int p = 0; p < partitions; p++) {
            JsonObject event = events.get();
            send(event, p);
            sent.add(event);
        }
        return sent;
    }

    private static void send(JsonObject event, Integer partition) {
        acknowledged(new ProducerRecord<>(TOPIC, partition, event.getString("configId"), event.encode(),
                CloudEventHeaders.write(headers(event))));
    }

    public static void sendRaw(String key, String value, CloudEventHeaders.Attributes attributes) {
        acknowledged(new ProducerRecord<>(TOPIC, null, key, value, attributes == null ? null : CloudEventHeaders.write(attributes)));
    }

    /** Sends a record and waits for the broker's acknowledgement. */
    private static void acknowledged(ProducerRecord<String, String> record) {
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("broker did not acknowledge", e);
        }
    }
}

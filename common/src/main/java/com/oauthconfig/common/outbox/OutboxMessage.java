package com.oauthconfig.common.outbox;

import java.util.Objects;
import java.util.UUID;

/**
 * One event to publish: where (topic, key), its CloudEvents attributes and its JSON data.
 * The key is the aggregate id, so one aggregate's events stay on one partition, in order.
 */
public record OutboxMessage(UUID eventId, String topic, String key, String type, String source, String subject,
                            String dataSchema, String payloadJson) {

    public OutboxMessage {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}

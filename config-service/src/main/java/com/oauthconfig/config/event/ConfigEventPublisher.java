package com.oauthconfig.config.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.common.outbox.Outbox;
import com.oauthconfig.common.outbox.OutboxMessage;
import com.oauthconfig.config.rest.OAuthConfigResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * Announces configuration changes through common's transactional outbox: call it inside the
 * transaction of the change, so the record and its event commit (or roll back) together. The
 * relay publishes them keyed by config id, in order.
 */
@ApplicationScoped
public class ConfigEventPublisher {

    public static final String TOPIC = "oauth-config-events";
    public static final String SOURCE = "/config-service";
    public static final String DATA_SCHEMA = "urn:oauth-platform:schema:oauth-config-event:1";

    private final Outbox outbox;
    private final ObjectMapper json;

    public ConfigEventPublisher(Outbox outbox, ObjectMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    public Uni<Void> publish(OAuthConfigChangedEvent.ChangeType type, OAuthConfigResponse config, List<String> changedFields) {
        UUID eventId = UUID.randomUUID();
        OAuthConfigChangedEvent event = new OAuthConfigChangedEvent(eventId.toString(), config.orgId(), config.id(),
                config.version(), type, List.copyOf(changedFields), config);
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("event does not serialise", e));
        }
        return outbox.append(new OutboxMessage(eventId, TOPIC, config.id(), type.ceType, SOURCE, config.id(),
                DATA_SCHEMA, payload));
    }
}

package com.oauthconfig.config.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.common.events.DataSchemaUrls;
import com.oauthconfig.common.outbox.Outbox;
import com.oauthconfig.common.outbox.OutboxMessage;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * Announces configuration changes through common's transactional outbox, in the transaction of the
 * change, so the record and its event commit (or roll back) together. The
 * relay publishes them keyed by config id, in order, with {@code ce_dataschema} the URL at which
 * this service serves the event's schema.
 */
@ApplicationScoped
public class ConfigEventPublisher {

    private final Outbox outbox;
    private final ObjectMapper json;
    private final DataSchemaUrls schemas;

    public ConfigEventPublisher(Outbox outbox, ObjectMapper json, DataSchemaUrls schemas) {
        this.outbox = outbox;
        this.json = json;
        this.schemas = schemas;
    }

    /** Publishes the config as it is after the change ({@code e.version} is the change's version), in {@code tx}, the change's transaction. */
    public Uni<Void> publish(SqlConnection tx, ChangeType type, OAuthConfigEntity e, List<String> changedFields) {
        OAuthConfigChangedEvent event = ConfigEventMapper.toEvent(UUID.randomUUID(), type, e, changedFields);
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException ex) {
            return Uni.createFrom().failure(new IllegalStateException("event does not serialise", ex));
        }
        String key = event.configId().toString();
        return outbox.appendAll(tx, List.of(new OutboxMessage(event.eventId(), OAuthConfigChangedEvent.TOPIC, key, type.ceType,
                OAuthConfigChangedEvent.SOURCE, key, schemas.url(OAuthConfigChangedEvent.SCHEMA_PATH), payload)));
    }
}

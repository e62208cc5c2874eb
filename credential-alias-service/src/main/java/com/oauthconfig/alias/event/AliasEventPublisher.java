package com.oauthconfig.alias.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.common.events.DataSchemaUrls;
import com.oauthconfig.common.outbox.Outbox;
import com.oauthconfig.common.outbox.OutboxMessage;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.alias.CredentialAliasEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Announces alias state changes through the transactional outbox: call it inside the transaction
 * that changes the alias, so the change and its event commit (or roll back) together.
 * {@code ce_dataschema} is the URL at which this service serves the event's schema.
 */
@ApplicationScoped
public class AliasEventPublisher {

    private final Outbox outbox;
    private final ObjectMapper json;
    private final DataSchemaUrls schemas;
    private final String topic;

    public AliasEventPublisher(Outbox outbox, ObjectMapper json, DataSchemaUrls schemas, AliasServiceConfig config) {
        this.outbox = outbox;
        this.json = json;
        this.schemas = schemas;
        this.topic = config.events().topic();
    }

    /** One broken alias: what the event says about it. */
    public record Broken(String orgId, String solutionId, UUID credentialId, String name, UUID oauthConfigId) {
    }

    /** One broken event per alias, appended in bulk (a removal may flag thousands) in the flagging's SQL client transaction. */
    public Uni<Void> allBroken(SqlConnection tx, List<Broken> aliases, String reason, Instant at) {
        String dataSchema = schemas.url(CredentialAliasEvent.SCHEMA_PATH);
        List<OutboxMessage> messages = new ArrayList<>(aliases.size());
        for (Broken b : aliases) {
            messages.add(message(new CredentialAliasEvent(UUID.randomUUID(), b.orgId(), b.solutionId(), b.credentialId(),
                    b.name(), b.oauthConfigId(), AliasStatus.BROKEN, reason, at), dataSchema));
        }
        return outbox.appendAll(tx, messages);
    }

    public Uni<Void> repaired(String orgId, String solutionId, UUID credentialId, String name, UUID configId, Instant at) {
        return Uni.createFrom().item(() -> message(new CredentialAliasEvent(UUID.randomUUID(), orgId, solutionId, credentialId,
                name, configId, AliasStatus.OK, null, at), schemas.url(CredentialAliasEvent.SCHEMA_PATH))).chain(outbox::append);
    }

    private OutboxMessage message(CredentialAliasEvent event, String dataSchema) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alias event not serialisable", e);
        }
        String key = event.credentialId().toString();
        return new OutboxMessage(event.eventId(), topic, key, event.ceType(), CredentialAliasEvent.SOURCE, key, dataSchema, payload);
    }
}

package com.oauthconfig.alias.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.common.outbox.Outbox;
import com.oauthconfig.common.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Announces alias state changes through the transactional outbox: call it inside the transaction
 * that changes the alias, so the change and its event commit (or roll back) together.
 */
@ApplicationScoped
public class AliasEventPublisher {

    public static final String SOURCE = "/credential-alias-service";
    public static final String BROKEN = "oauthconfig.alias.broken";
    public static final String REPAIRED = "oauthconfig.alias.repaired";
    public static final String DATA_SCHEMA = "urn:oauth-platform:schema:credential-alias-event:1";

    private final Outbox outbox;
    private final ObjectMapper json;
    private final String topic;

    public AliasEventPublisher(Outbox outbox, ObjectMapper json, AliasServiceConfig config) {
        this.outbox = outbox;
        this.json = json;
        this.topic = config.events().topic();
    }

    /** One broken event per alias, appended in bulk (a removal may flag thousands). */
    public Uni<Void> allBroken(List<AliasEvent> brokenAliases) {
        List<OutboxMessage> messages = new java.util.ArrayList<>(brokenAliases.size());
        for (AliasEvent e : brokenAliases) {
            messages.add(message(BROKEN, e));
        }
        return outbox.appendAll(messages);
    }

    public Uni<Void> repaired(String orgId, String solutionId, UUID credentialId, String name, UUID configId, Instant at) {
        return append(REPAIRED, new AliasEvent(UUID.randomUUID(), orgId, solutionId, credentialId, name, configId, "OK", null, at));
    }

    private Uni<Void> append(String type, AliasEvent event) {
        return Uni.createFrom().item(() -> message(type, event)).chain(outbox::append);
    }

    private OutboxMessage message(String type, AliasEvent event) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alias event not serialisable", e);
        }
        return new OutboxMessage(event.eventId(), topic, event.credentialId().toString(), type, SOURCE,
                event.credentialId().toString(), DATA_SCHEMA, payload);
    }
}

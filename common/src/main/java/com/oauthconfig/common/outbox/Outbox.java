package com.oauthconfig.common.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Appends events to the outbox table in the caller's current transaction, so a change and the
 * event announcing it commit or roll back together. {@link OutboxRelay} publishes them.
 * Call it from inside a {@code @WithTransaction} method.
 */
@ApplicationScoped
public class Outbox {

    public Uni<Void> append(OutboxMessage m) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into outbox_event (event_id, topic, record_key, type, source, subject, data_schema, payload)
                        values (:eventId, :topic, :key, :type, :source, :subject, :dataSchema, cast(cast(:payload as text) as jsonb))""")
                .setParameter("eventId", m.eventId())
                .setParameter("topic", m.topic())
                .setParameter("key", m.key())
                .setParameter("type", m.type())
                .setParameter("source", m.source())
                .setParameter("subject", m.subject())
                .setParameter("dataSchema", m.dataSchema())
                .setParameter("payload", m.payloadJson())
                .executeUpdate()).replaceWithVoid();
    }
}

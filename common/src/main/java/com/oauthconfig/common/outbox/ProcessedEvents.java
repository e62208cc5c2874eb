package com.oauthconfig.common.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Makes a consumer idempotent: records an event id in the caller's transaction, so the event's
 * effects and the record of having applied them commit together. A redelivered event finds its
 * id and is skipped.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** True when this is the first time {@code consumer} sees the event; false for a redelivery. */
    public Uni<Boolean> markProcessed(String consumer, UUID eventId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into processed_event (consumer, event_id) values (:consumer, :eventId)
                        on conflict do nothing""")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate()).map(inserted -> inserted == 1);
    }
}

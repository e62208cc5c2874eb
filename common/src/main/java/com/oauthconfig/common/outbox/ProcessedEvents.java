package com.oauthconfig.common.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
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
    public Uni<Boolean> markProcessed(SqlConnection tx, String consumer, UUID eventId) {
        return tx.preparedQuery("insert into processed_event (consumer, event_id) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(consumer, eventId))
                .map(rows -> rows.rowCount() == 1);
    }
}

package com.oauthconfig.common.outbox;

import com.oauthconfig.common.telemetry.TraceParent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * Appends events to the outbox table in the caller's current transaction, so a change and the
 * events announcing it commit or roll back together. {@link OutboxRelay} publishes them in the
 * order appended. Call it from inside a {@code @WithTransaction} method.
 */
@ApplicationScoped
public class Outbox {

    /** Rows per insert statement: 9 parameters a row, and PostgreSQL allows 65,535 per statement. */
    static final int CHUNK = 1000;

    public Uni<Void> append(OutboxMessage message) {
        return appendAll(List.of(message));
    }

    /**
     * Appends many messages, in list order, with one multi-row insert per chunk: a config
     * removal can break thousands of aliases at once, and a statement per event costs seconds.
     */
    public Uni<Void> appendAll(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int chunks = (messages.size() + CHUNK - 1) / CHUNK;
        // The trace of the transaction writing the events: the relay sends it on, so consumers continue it.
        String traceparent = TraceParent.current().orElse(null);
        return Panache.getSession().chain(session -> Multi.createFrom().range(0, chunks)
                .onItem().transformToUniAndConcatenate(i -> insert(session, traceparent,
                        messages.subList(i * CHUNK, Math.min(messages.size(), (i + 1) * CHUNK))))
                .collect().last().replaceWithVoid());
    }

    private static Uni<Integer> insert(Mutiny.Session session, String traceparent, List<OutboxMessage> chunk) {
        StringBuilder sql = new StringBuilder(
                "insert into outbox_event (event_id, topic, record_key, type, source, subject, data_schema, traceparent, payload) values ");
        for (int i = 0; i < chunk.size(); i++) {
            // The payload goes through text: bound straight to jsonb, a Java String becomes a JSON string literal.
            sql.append(i == 0 ? "" : ",").append("(:e").append(i).append(", :t").append(i).append(", :k").append(i)
                    .append(", :y").append(i).append(", :s").append(i).append(", :j").append(i).append(", :d").append(i)
                    .append(", :c").append(i).append(", cast(cast(:p").append(i).append(" as text) as jsonb))");
        }
        var query = session.createNativeQuery(sql.toString());
        for (int i = 0; i < chunk.size(); i++) {
            OutboxMessage m = chunk.get(i);
            query.setParameter("e" + i, m.eventId())
                    .setParameter("t" + i, m.topic())
                    .setParameter("k" + i, m.key())
                    .setParameter("y" + i, m.type())
                    .setParameter("s" + i, m.source())
                    .setParameter("j" + i, m.subject())
                    .setParameter("d" + i, m.dataSchema())
                    .setParameter("c" + i, traceparent)
                    .setParameter("p" + i, m.payloadJson());
        }
        return query.executeUpdate();
    }
}

package com.oauthconfig.common.outbox;

import com.oauthconfig.common.telemetry.TraceParent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Appends events to the outbox table in the caller's current transaction, so a change and the
 * events announcing it commit or roll back together. {@link OutboxRelay} publishes them in the
 * order appended. The transaction is either the Hibernate session's (call from inside a
 * {@code @WithTransaction} method) or an SQL client transaction passed in (the config-service's
 * writes and the event consumers, which run on the plain client); both run the same statement.
 */
@ApplicationScoped
public class Outbox {

    /** Rows per insert statement: 9 parameters a row, and PostgreSQL allows 65,535 per statement. */
    static final int CHUNK = 1000;

    private static final int COLUMNS = 9;

    public Uni<Void> append(OutboxMessage message) {
        return appendAll(List.of(message));
    }

    /**
     * Appends many messages in the Hibernate session's transaction, in list order, with one
     * multi-row insert per chunk: a config removal can break thousands of aliases at once, and a
     * statement per event costs seconds.
     */
    public Uni<Void> appendAll(List<OutboxMessage> messages) {
        return inChunks(messages, (rows, values) -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(insert(rows, i -> ":p" + i));
            for (int i = 0; i < values.size(); i++) {
                query.setParameter("p" + i, values.get(i));
            }
            return query.executeUpdate();
        }));
    }

    /** Appends many messages in the given SQL client transaction, as {@link #appendAll(List)} does. */
    public Uni<Void> appendAll(SqlConnection tx, List<OutboxMessage> messages) {
        return inChunks(messages, (rows, values) -> tx.preparedQuery(insert(rows, i -> "$" + (i + 1))).execute(Tuple.from(values)));
    }

    /**
     * Hands {@code insert} each chunk of at most {@link #CHUNK} messages in order, as its row count
     * and bound values; the trace is that of the transaction writing the events, so the relay sends
     * it on and consumers continue it.
     */
    private static Uni<Void> inChunks(List<OutboxMessage> messages, BiFunction<Integer, List<Object>, Uni<?>> insert) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String traceparent = TraceParent.current().orElse(null);
        int chunks = (messages.size() + CHUNK - 1) / CHUNK;
        return Multi.createFrom().range(0, chunks)
                .onItem().transformToUniAndConcatenate(i -> {
                    List<OutboxMessage> chunk = messages.subList(i * CHUNK, Math.min(messages.size(), (i + 1) * CHUNK));
                    return insert.apply(chunk.size(), values(traceparent, chunk));
                })
                .collect().last().replaceWithVoid();
    }

    /** The insert of {@code rows} rows; {@code parameter} names the i-th bound value (0-based) in the carrier's syntax. */
    private static String insert(int rows, IntFunction<String> parameter) {
        StringBuilder sql = new StringBuilder(
                "insert into outbox_event (event_id, topic, record_key, type, source, subject, data_schema, traceparent, payload) values ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ",(");
            for (int c = 0; c < COLUMNS; c++) {
                String p = parameter.apply(r * COLUMNS + c);
                // The payload goes through text: bound straight to jsonb, a Java String becomes a JSON string literal.
                sql.append(c == 0 ? "" : ", ").append(c == COLUMNS - 1 ? "cast(cast(" + p + " as text) as jsonb)" : p);
            }
            sql.append(')');
        }
        return sql.toString();
    }

    /** The bound values, row by row in the insert's column order. */
    private static List<Object> values(String traceparent, List<OutboxMessage> chunk) {
        List<Object> values = new ArrayList<>(chunk.size() * COLUMNS);
        for (OutboxMessage m : chunk) {
            values.add(m.eventId());
            values.add(m.topic());
            values.add(m.key());
            values.add(m.type());
            values.add(m.source());
            values.add(m.subject());
            values.add(m.dataSchema());
            values.add(traceparent);
            values.add(m.payloadJson());
        }
        return values;
    }
}

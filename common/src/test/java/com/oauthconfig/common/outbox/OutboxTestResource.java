package com.oauthconfig.common.outbox;

import com.oauthconfig.common.sql.PipelinedTransaction;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.UUID;

/** Test-only endpoint: appends events in a transaction that commits or, on request, rolls back. */
@Path("/test/outbox")
public class OutboxTestResource {

    private final Outbox outbox;
    private final Pool pool;

    public OutboxTestResource(Outbox outbox, Pool pool) {
        this.outbox = outbox;
        this.pool = pool;
    }

    /**
     * Appends {@code count} events for one key in one transaction, in sequence order: the Hibernate
     * session's, or with {@code client=sql} an SQL client transaction (as the event consumers do).
     */
    @POST
    @Path("/bulk")
    public Uni<Integer> appendMany(@QueryParam("topic") String topic, @QueryParam("key") String key, @QueryParam("count") int count,
                                   @QueryParam("client") String client) {
        java.util.List<OutboxMessage> messages = java.util.stream.IntStream.rangeClosed(1, count)
                .mapToObj(i -> new OutboxMessage(UUID.randomUUID(), topic, key, "test.event", "/test", key, "urn:test:1",
                        "{\"seq\":" + i + "}"))
                .toList();
        Uni<Void> appended = "sql".equals(client)
                ? PipelinedTransaction.run(pool, tx -> outbox.appendAll(tx, messages))
                : Panache.withTransaction(() -> outbox.appendAll(messages));
        return appended.replaceWith(count);
    }

    @POST
    public Uni<String> append(@QueryParam("topic") String topic, @QueryParam("key") String key,
                              @QueryParam("seq") int seq, @QueryParam("fail") boolean fail) {
        UUID id = UUID.randomUUID();
        return Panache.withTransaction(() -> outbox.append(new OutboxMessage(id, topic, key, "test.event", "/test", key,
                        "urn:test:1", "{\"seq\":" + seq + "}"))
                .invoke(() -> {
                    if (fail) {
                        throw new IllegalStateException("roll back");
                    }
                }))
                .replaceWith(id.toString());
    }
}

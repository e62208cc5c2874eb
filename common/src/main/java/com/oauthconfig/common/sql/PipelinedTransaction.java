package com.oauthconfig.common.sql;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

import java.util.function.Function;

/**
 * The one way the services run a transaction on the reactive SQL client: like
 * {@code Pool.withTransaction}, except that the work's first statements go out behind BEGIN
 * without waiting for its answer.
 * <p>
 * {@code Pool.withTransaction} starts the work only once BEGIN has been answered, so every
 * transaction pays a round trip before its first statement. The client queues statements of a
 * transaction behind BEGIN on the connection and PostgreSQL runs them in order, so nothing needs
 * that answer: here the work starts as soon as BEGIN is scheduled. Everything else is the client's
 * own transaction handling, unchanged: COMMIT is sent once every statement has answered, a failure
 * of the work (a statement's or the work's own) rolls back, a COMMIT that finds the transaction
 * aborted (a statement failed and the work recovered) fails as a rollback, and the connection goes
 * back to the pool only when the transaction has ended.
 */
public final class PipelinedTransaction {

    private PipelinedTransaction() {
    }

    /** Runs {@code work} in a transaction on a connection of {@code pool}; its item once committed. */
    public static <T> Uni<T> run(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(conn -> Uni.combine().all()
                // Subscribed in this order: BEGIN is scheduled first, then the work's statements behind it.
                .unis(conn.begin(), Uni.createFrom().deferred(() -> work.apply(conn)))
                .with((begun, item) -> item)
                .call(item -> conn.transaction().commit())
                .onFailure().call(() -> rollback(conn)));
    }

    /** Rolls back what is still open; a transaction that already ended (COMMIT failed, BEGIN failed) has nothing to undo. */
    private static Uni<Void> rollback(SqlConnection conn) {
        Transaction open = conn.transaction();
        if (open == null) {
            return Uni.createFrom().voidItem();
        }
        // The work's failure is the one to report; closing the connection rolls back as well if this cannot.
        return open.rollback().onFailure().recoverWithNull();
    }
}

package com.oauthconfig.common.sql;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
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
 * own transaction handling, unchanged: COMMIT is sent once every statement has answered; a failure
 * of the work (a statement's or the work's own) rolls back and is the failure reported; a statement
 * that failed while the work carried on turns COMMIT into a rollback, reported as
 * {@code TransactionRollbackException}; a failing COMMIT is reported as it is; and the connection
 * goes back to the pool only when the transaction has ended.
 * <p>
 * What this assumes: the work starts with a statement, not with effects outside the database, since
 * it runs before BEGIN is known to have succeeded. BEGIN on a pooled connection only fails when the
 * connection is lost, and then the statements behind it fail too.
 */
public final class PipelinedTransaction {

    private PipelinedTransaction() {
    }

    /** Runs {@code work} in a transaction on a connection of {@code pool}; its item once committed. */
    public static <T> Uni<T> run(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(conn -> Uni.combine().all()
                // Subscribed in this order: BEGIN is scheduled first, then the work's statements behind it.
                .unis(conn.begin(), Uni.createFrom().deferred(() -> work.apply(conn)))
                .asTuple()
                .call(begunAndItem -> begunAndItem.getItem1().commit())
                .map(Tuple2::getItem2)
                .onFailure().call(() -> rollback(conn)));
    }

    /**
     * Rolls back what is still open. A transaction that has ended (COMMIT sent, or turned into a
     * rollback) has nothing to undo; after a failed BEGIN the ROLLBACK fails as well, which is ignored.
     */
    private static Uni<Void> rollback(SqlConnection conn) {
        Transaction open = conn.transaction();
        if (open == null) {
            return Uni.createFrom().voidItem();
        }
        // The work's failure is the one to report; closing the connection rolls back as well if this cannot.
        return open.rollback().onFailure().recoverWithNull();
    }
}

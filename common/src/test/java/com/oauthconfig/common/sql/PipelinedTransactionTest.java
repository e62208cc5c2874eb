package com.oauthconfig.common.sql;

import com.oauthconfig.rig.PostgresServer;
import com.oauthconfig.rig.Rig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.TransactionRollbackException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PipelinedTransaction} against the rig's PostgreSQL, through a relay that can hold back the
 * server's answers. The pool has one connection, so each test also sees what a transaction leaves
 * on the connection for the next user.
 */
class PipelinedTransactionTest {

    private static final String DATABASE = "common_pipelined_tx";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static PostgresServer postgres;
    private static HoldingProxy proxy;
    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void connect() throws Exception {
        postgres = Rig.postgres();
        postgres.ensureDatabase(DATABASE);
        sql("create table if not exists pipelined_row (id text primary key)");
        sql("create table if not exists pipelined_deferred (id text, constraint pipelined_deferred_once unique (id) "
                + "deferrable initially deferred)");
        proxy = new HoldingProxy(postgres.host(), postgres.port());
        vertx = Vertx.vertx();
        PgConnectOptions options = new PgConnectOptions().setHost("127.0.0.1").setPort(proxy.port()).setDatabase(DATABASE)
                .setUser(postgres.user()).setPassword(postgres.password()).setCachePreparedStatements(true);
        pool = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options)
                .using(vertx.getDelegate()).build());
    }

    @AfterAll
    static void close() throws Exception {
        if (pool != null) {
            pool.close().await().atMost(WAIT);
        }
        if (vertx != null) {
            vertx.close().await().atMost(WAIT);
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void empty() throws SQLException {
        sql("delete from pipelined_row");
        sql("delete from pipelined_deferred");
        // The pool's one connection is open before a test holds answers back.
        pool.query("select 1").execute().await().atMost(WAIT);
    }

    @Test
    void theFirstStatementGoesOutBeforeBeginIsAnswered() {
        CompletableFuture<Void> done;
        try {
            done = insertSentWhileAnswersAreHeld("first");
            assertFalse(done.isDone(), "nothing is answered while the relay holds the answers");
        } finally {
            proxy.release();
        }
        done.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertEquals(List.of("first"), rows("pipelined_row"));
    }

    @Test
    void aFailingStatementRollsBackTheWholeTransactionAndReportsItsOwnFailure() {
        Throwable failure = failureOf(conn -> Uni.combine().all()
                .unis(insert(conn, "kept-only-if-committed"), insert(conn, "twice"), insert(conn, "twice"))
                .discardItems());

        assertInstanceOf(PgException.class, failure);
        assertEquals("23505", ((PgException) failure).getSqlState(), "the duplicate key is the failure reported");
        assertNothingKeptIn("pipelined_row");
    }

    @Test
    void aFailureOfTheWorkAfterItsStatementsRollsBack() {
        IllegalStateException refused = new IllegalStateException("refused after the insert");
        Throwable failure = failureOf(conn -> insert(conn, "undone").chain(() -> Uni.createFrom().failure(refused)));

        assertEquals(refused, failure);
        assertNothingKeptIn("pipelined_row");
    }

    @Test
    void aFailureOfTheWorkBeforeBeginIsAnsweredRollsBack() {
        IllegalStateException refused = new IllegalStateException("refused at once");
        Throwable failure = failureOf(conn -> {
            insert(conn, "sent-then-undone").subscribe().with(r -> { }, f -> { });
            return Uni.createFrom().failure(refused);
        });

        assertEquals(refused, failure);
        assertNothingKeptIn("pipelined_row");
    }

    @Test
    void aStatementFailureTheWorkRecoveredFromStillEndsInARollback() {
        Throwable failure = failureOf(conn -> insert(conn, "before")
                .chain(() -> insert(conn, "dup")).chain(() -> insert(conn, "dup").onFailure().recoverWithNull())
                .replaceWithVoid());

        assertInstanceOf(TransactionRollbackException.class, failure);
        assertNothingKeptIn("pipelined_row");
    }

    @Test
    void aTransactionOfSeveralFlightsCommitsThemAll() {
        String item = PipelinedTransaction.run(pool, conn -> insert(conn, "a")
                .chain(() -> Uni.combine().all().unis(insert(conn, "b"), insert(conn, "c")).discardItems())
                .replaceWith("done")).await().atMost(WAIT);

        assertEquals("done", item);
        assertEquals(List.of("a", "b", "c"), rows("pipelined_row"));
    }

    @Test
    void aFailingCommitIsReportedAsItIsAndKeepsNothing() {
        // The unique constraint is checked at COMMIT, so both inserts answer and the COMMIT fails.
        Throwable failure = failureOf(conn -> Uni.combine().all()
                .unis(insert(conn, "pipelined_deferred", "once"), insert(conn, "pipelined_deferred", "once"))
                .discardItems());

        assertInstanceOf(PgException.class, failure);
        assertEquals("23505", ((PgException) failure).getSqlState(), "the constraint checked at COMMIT is the failure reported");
        assertNothingKeptIn("pipelined_deferred");
    }

    @Test
    void aConnectionLostBeforeBeginIsAnsweredFailsTheTransactionInsteadOfHangingAndKeepsNothing() {
        CompletableFuture<Void> done;
        try {
            done = insertSentWhileAnswersAreHeld("lost");
            proxy.cutAll();
        } finally {
            proxy.release();
        }
        CompletionException failed = assertThrows(CompletionException.class,
                () -> done.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join());
        assertFalse(failed.getCause() instanceof TimeoutException, "the transaction ended with the connection: " + failed.getCause());
        // The pool replaces the lost connection.
        assertNothingKeptIn("pipelined_row");
    }

    /**
     * Holds back every answer, starts a transaction inserting {@code id} into pipelined_row, and
     * returns once the relay has seen the insert; the caller releases the answers.
     */
    private static CompletableFuture<Void> insertSentWhileAnswersAreHeld(String id) {
        // A statement new to the connection, so its text travels in its Parse message and the relay can see it.
        String marker = id + "-" + UUID.randomUUID();
        String sql = "insert into pipelined_row (id) values ($1) /* " + marker + " */";
        proxy.hold();
        CompletableFuture<Void> done = PipelinedTransaction.run(pool, conn -> conn.preparedQuery(sql).execute(Tuple.of(id))
                .replaceWithVoid()).subscribeAsCompletionStage().toCompletableFuture();
        await("the insert sent while the answer to BEGIN is held back").atMost(WAIT).until(() -> proxy.clientSent(marker));
        return done;
    }

    private static Uni<Integer> insert(SqlConnection conn, String id) {
        return insert(conn, "pipelined_row", id);
    }

    private static Uni<Integer> insert(SqlConnection conn, String table, String id) {
        return conn.preparedQuery("insert into " + table + " (id) values ($1)").execute(Tuple.of(id)).map(r -> r.rowCount());
    }

    /** What running {@code work} in a pipelined transaction failed with (it must fail). */
    private static <T> Throwable failureOf(Function<SqlConnection, Uni<T>> work) {
        return assertThrows(Throwable.class, () -> PipelinedTransaction.run(pool, work).await().atMost(WAIT));
    }

    /** A rolled-back transaction: nothing of it committed in {@code table}, and the pool's connection left outside it. */
    private static void assertNothingKeptIn(String table) {
        assertEquals(List.of(), rows(table));
        assertTheConnectionIsOutsideAnyTransaction();
    }

    /** Outside a transaction, each statement is a transaction of its own: its start is the transaction's. */
    private static void assertTheConnectionIsOutsideAnyTransaction() {
        boolean own = pool.query("select now() = statement_timestamp() as own").execute().await().atMost(WAIT)
                .iterator().next().getBoolean("own");
        assertTrue(own, "the pool's connection was handed on inside a transaction");
    }

    /** The ids committed in {@code table}, read on a connection of its own. */
    private static List<String> rows(String table) {
        try (Connection c = postgres.connect(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from " + table + " order by id")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = postgres.connect(DATABASE); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}

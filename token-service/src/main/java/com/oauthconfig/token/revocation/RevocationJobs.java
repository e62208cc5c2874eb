package com.oauthconfig.token.revocation;

import com.oauthconfig.token.store.TokenRow;
import com.oauthconfig.common.crypto.SealedRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL for {@code revocation_job}: enqueueing inside the transaction that retires the tokens (the
 * config-event writer's), and claiming/finishing on the pool. A claim sets
 * a lease ({@link #LEASE}) so a replica that dies mid-job leaves it to another one afterwards.
 */
@ApplicationScoped
public class RevocationJobs {

    /** How long a claimed job is left to its claimer before another replica may take it. */
    static final Duration LEASE = Duration.ofMinutes(5);

    /** One job, still sealed. Never logged with its tokens. */
    public record Job(long id, String orgId, String configId, String userId, long retiredByVersion, String accessSealed,
                      String refreshSealed, int attempts, Instant giveUpAt) {
        @Override
        public String toString() {
            return "Job[" + id + ", " + configId + "]";
        }

        /** The same job with its tokens sealed anew (key rotation); nothing else changes. */
        public Job withSealed(String access, String refresh) {
            return new Job(id, orgId, configId, userId, retiredByVersion, access, refresh, attempts, giveUpAt);
        }

        /** The context its tokens are sealed under: the user_token row's they were copied from. */
        public String context() {
            return TokenRow.context(orgId, configId, userId);
        }
    }

    private static final String JOB_COLUMNS = "id, org_id, config_id, user_id, retired_by_version, access_token_sealed, "
            + "refresh_token_sealed, attempts, give_up_at";

    private final Pool pool;

    public RevocationJobs(Pool pool) {
        this.pool = pool;
    }

    /**
     * Copies the config's live tokens into jobs, locking their rows; call it in the transaction that
     * then retires those same rows. {@code keepFingerprint} non-null: only rows issued under another
     * consent fingerprint (a consent change); null: every live row (a removal or an unreadable event).
     */
    public static Uni<Integer> enqueue(SqlConnection tx, String orgId, String configId, long retiredByVersion,
                                       String keepFingerprint, Duration graceWindow) {
        String sql = "insert into revocation_job (org_id, config_id, user_id, retired_by_version, "
                + "access_token_sealed, refresh_token_sealed, give_up_at) "
                + "select org_id, config_id, user_id, $3, access_token_sealed, refresh_token_sealed, "
                + "now() + make_interval(secs => $4) from user_token where org_id = $1 and config_id = $2 "
                + "and status = 'ACTIVE' and (access_token_sealed is not null or refresh_token_sealed is not null) "
                + (keepFingerprint == null ? "" : "and consent_fingerprint <> $5 ")
                + "for update on conflict do nothing";
        Tuple values = Tuple.of(orgId, configId, retiredByVersion, (double) graceWindow.toSeconds());
        if (keepFingerprint != null) {
            values.addString(keepFingerprint);
        }
        return tx.preparedQuery(sql).execute(values).map(rows -> rows.rowCount());
    }

    /** Claims up to {@code limit} due jobs under a lease, counting the attempt. */
    Uni<List<Job>> claimDue(int limit) {
        return pool.preparedQuery("update revocation_job set attempts = attempts + 1, "
                        + "next_attempt_at = now() + make_interval(secs => $2) where id in (select id from revocation_job "
                        + "where next_attempt_at <= now() order by next_attempt_at limit $1 for update skip locked) "
                        + "returning " + JOB_COLUMNS)
                .execute(Tuple.of(limit, (double) LEASE.toSeconds()))
                .map(RevocationJobs::jobs);
    }

    /**
     * For key rotation: up to {@code limit} jobs holding a token wrapped by one of {@code keyIds},
     * locked until the transaction ends. A job a replica is claiming is skipped, not waited for; its
     * next batch takes it.
     */
    public static Uni<List<Job>> sealedUnderForUpdate(SqlClient tx, String[] keyIds, int limit) {
        return tx.preparedQuery("select " + JOB_COLUMNS + " from revocation_job where (" + SealedRows.keyIdOf("access_token_sealed") + " = any($1) or "
                        + SealedRows.keyIdOf("refresh_token_sealed") + " = any($1)) limit $2 for update skip locked")
                .execute(Tuple.of(keyIds, limit))
                .map(RevocationJobs::jobs);
    }

    /** Replaces the sealed tokens of jobs locked by {@link #sealedUnderForUpdate}; attempts and deadlines stay. */
    public static Uni<Void> replaceSealed(SqlClient tx, List<Job> jobs) {
        return tx.preparedQuery("update revocation_job set access_token_sealed = $1, refresh_token_sealed = $2 where id = $3")
                .executeBatch(jobs.stream().map(j -> Tuple.of(j.accessSealed(), j.refreshSealed(), j.id())).toList())
                .replaceWithVoid();
    }

    private static List<Job> jobs(RowSet<Row> rows) {
        List<Job> jobs = new ArrayList<>();
        for (Row r : rows) {
            jobs.add(new Job(r.getLong("id"), r.getString("org_id"), r.getString("config_id"), r.getString("user_id"),
                    r.getLong("retired_by_version"), r.getString("access_token_sealed"), r.getString("refresh_token_sealed"),
                    r.getInteger("attempts"), r.getOffsetDateTime("give_up_at").toInstant()));
        }
        return jobs;
    }

    /** The job is over (revoked, refused, or given up): its tokens leave the database. */
    Uni<Void> finish(long id) {
        return pool.preparedQuery("delete from revocation_job where id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Another attempt at {@code at}. */
    Uni<Void> retryAt(long id, Instant at) {
        return pool.preparedQuery("update revocation_job set next_attempt_at = $2 where id = $1")
                .execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }
}

package com.oauthconfig.token.usage;

import com.oauthconfig.token.store.SqlTimestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL for {@code config_usage}. The empty solution id stands for "no solution named" (a key column cannot be null). */
@ApplicationScoped
public class ConfigUsageRepository {

    /** One (config, solution) pair's use; {@code solutionId} null when the calls named no solution. */
    public record Use(String configId, String solutionId, Instant lastUsedAt, long useCount) {
    }

    private final Pool pool;

    public ConfigUsageRepository(Pool pool) {
        this.pool = pool;
    }

    /** Adds uses counted in memory: the later last use wins, counts add up (any replica, any order). */
    public Uni<Void> add(List<ConfigUsage.Pending> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = batch.stream().map(p -> Tuple.of(p.orgId(), p.configId(), p.solutionId() == null ? "" : p.solutionId(),
                SqlTimestamps.odt(p.lastUsedAt()), p.count())).toList();
        return pool.preparedQuery("insert into config_usage (org_id, config_id, solution_id, last_used_at, use_count) "
                        + "values ($1, $2, $3, $4, $5) on conflict (org_id, config_id, solution_id) do update set "
                        + "last_used_at = greatest(config_usage.last_used_at, excluded.last_used_at), "
                        + "use_count = config_usage.use_count + excluded.use_count")
                .executeBatch(rows).replaceWithVoid();
    }

    /** The configs a solution's functions used by title, most recent first. */
    public Uni<List<Use>> ofSolution(String orgId, String solutionId, int limit) {
        return pool.preparedQuery("select config_id, solution_id, last_used_at, use_count from config_usage "
                        + "where org_id = $1 and solution_id = $2 order by last_used_at desc limit $3")
                .execute(Tuple.of(orgId, solutionId, limit)).map(ConfigUsageRepository::uses);
    }

    /** Direct uses of a config since {@code since}, per solution, most recent first. */
    public Uni<List<Use>> ofConfigSince(String orgId, String configId, Instant since, int limit) {
        return pool.preparedQuery("select config_id, solution_id, last_used_at, use_count from config_usage "
                        + "where org_id = $1 and config_id = $2 and last_used_at >= $3 order by last_used_at desc limit $4")
                .execute(Tuple.of(orgId, configId, SqlTimestamps.odt(since), limit)).map(ConfigUsageRepository::uses);
    }

    private static List<Use> uses(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Use> out = new ArrayList<>();
        for (Row r : rows) {
            String solution = r.getString("solution_id");
            out.add(new Use(r.getString("config_id"), solution.isEmpty() ? null : solution,
                    SqlTimestamps.instant(r.getOffsetDateTime("last_used_at")), r.getLong("use_count")));
        }
        return out;
    }
}

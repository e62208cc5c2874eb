package com.oauthconfig.config.repository;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.crypto.SealedRows;
import com.oauthconfig.common.sql.PipelinedTransaction;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * The sealed client secrets, for key rotation: the configurations' own, and the retired copies kept
 * for revocations during the grace window (a revocation must still open the secret its provider
 * knows, so a retired key dropped once the count is zero must leave none behind). People edit the
 * configurations meanwhile: a batch writes
 * the sealed column alone, and only where it still holds what the batch read
 * ({@link OAuthConfigRepository#replaceSealed}); a row edited in between keeps the edit and is picked
 * up by the next batch if still on an old key. Each row is written in its own short transaction, so
 * the job never holds one row's lock while waiting for another's (a batch in one transaction
 * deadlocked with PATCHes locking the same rows). The record version does not change (the
 * configuration did not).
 */
@ApplicationScoped
public class ClientSecretRows implements SealedRows {

    private static final String NOT_WITH = SealedRows.wrappedByOtherKeyThanParam1("client_secret_sealed");
    private static final String KEY_ID = SealedRows.keyIdOf("client_secret_sealed");

    /** Secrets of either table wrapped by another key than {@code $1}, from the key-id indexes (V3, V8). */
    public static final String RETIRED_COUNT_SQL = "select (select count(*) from oauth_config where " + NOT_WITH
            + ") + (select count(*) from retired_oauth_config where " + NOT_WITH + ")";

    private final OAuthConfigRepository configs;
    private final EnvelopeCipher cipher;
    private final Pool pool;

    public ClientSecretRows(OAuthConfigRepository configs, EnvelopeCipher cipher, Pool pool) {
        this.configs = configs;
        this.cipher = cipher;
        this.pool = pool;
    }

    @Override
    public String description() {
        return "client secrets";
    }

    @Override
    public String retiredCountName() {
        return "secretsOnRetiredKeys";
    }

    @Override
    public Uni<Long> countOnRetiredKeys(String activeKeyId) {
        return pool.preparedQuery(RETIRED_COUNT_SQL).execute(Tuple.of(activeKeyId)).map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * The configurations' secrets first, then, with what is left of the batch, the retired copies'.
     * Only secrets wrapped by a key still in the ring are selected: one wrapped by a key already gone
     * cannot be moved, and must not hold back the others (the readiness count keeps showing it).
     */
    @Override
    @WithSession
    public Uni<Integer> rewrapBatch(int batchSize) {
        String[] movable = cipher.retiredKeyIds();
        if (movable.length == 0) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("select id, org_id, client_secret_sealed from oauth_config "
                        + "where " + KEY_ID + " = any($1) limit $2")
                .execute(Tuple.of(movable, batchSize))
                .map(rows -> {
                    List<OAuthConfigRepository.SealedSecret> found = new ArrayList<>();
                    rows.forEach(r -> found.add(new OAuthConfigRepository.SealedSecret(r.getUUID("id"), r.getString("org_id"),
                            r.getString("client_secret_sealed"))));
                    return found;
                })
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> Panache.withTransaction(() -> configs.replaceSealed(row,
                        cipher.rewrap(row.clientSecretSealed(), OAuthConfigEntity.secretContext(row.orgId(), row.id())))))
                .collect().asList()
                .map(changed -> (int) changed.stream().filter(Boolean::booleanValue).count())
                .chain(moved -> moved >= batchSize ? Uni.createFrom().item(moved)
                        : retiredCopies(movable, batchSize - moved).map(copies -> moved + copies));
    }

    /**
     * Retired copies are written once and only deleted after, so one transaction may lock a whole
     * batch of them without meeting an edit.
     */
    private Uni<Integer> retiredCopies(String[] movable, int limit) {
        return PipelinedTransaction.run(pool, tx -> tx.preparedQuery("select id, org_id, config_id, retired_by_version, "
                        + "client_secret_sealed from retired_oauth_config where " + KEY_ID + " = any($1) limit $2 "
                        + "for update skip locked")
                .execute(Tuple.of(movable, limit))
                .chain(rows -> {
                    List<Tuple> rewrapped = new ArrayList<>();
                    for (Row r : rows) {
                        String context = RetiredOAuthConfigEntity.secretContext(r.getString("org_id"), r.getUUID("config_id"),
                                r.getLong("retired_by_version"));
                        rewrapped.add(Tuple.of(cipher.rewrap(r.getString("client_secret_sealed"), context), r.getUUID("id")));
                    }
                    return rewrapped.isEmpty() ? Uni.createFrom().item(0)
                            : tx.preparedQuery("update retired_oauth_config set client_secret_sealed = $1 where id = $2")
                                    .executeBatch(rewrapped).replaceWith(rewrapped.size());
                }));
    }
}

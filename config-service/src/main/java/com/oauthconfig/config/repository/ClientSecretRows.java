package com.oauthconfig.config.repository;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.crypto.SealedRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sealed client secrets, for key rotation. People edit the same rows meanwhile: a batch writes
 * the sealed column alone, and only where it still holds what the batch read
 * ({@link OAuthConfigRepository#replaceSealed}); a row edited in between keeps the edit and is picked
 * up by the next batch if still on an old key. Each row is written in its own short transaction, so
 * the job never holds one row's lock while waiting for another's (a batch in one transaction
 * deadlocked with PATCHes locking the same rows). The record version does not change (the
 * configuration did not).
 */
@ApplicationScoped
public class ClientSecretRows implements SealedRows {

    /**
     * Secrets wrapped by another key than {@code $1}. "Less or greater" instead of "not equal" so
     * PostgreSQL answers from the key-id index (V3) with two range scans, empty outside a
     * rotation, instead of reading every row on every probe.
     */
    public static final String RETIRED_COUNT_SQL = "select count(*) from oauth_config "
            + "where split_part(client_secret_sealed, '.', 2) < $1 or split_part(client_secret_sealed, '.', 2) > $1";

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

    @Override
    @WithSession
    public Uni<Integer> rewrapBatch(String activeKeyId, int batchSize) {
        return configs.sealedNotWith(activeKeyId, batchSize)
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> Panache.withTransaction(() -> configs.replaceSealed(row,
                        cipher.rewrap(row.clientSecretSealed(), OAuthConfigEntity.secretContext(row.orgId(), row.id())))))
                .collect().asList()
                .map(changed -> (int) changed.stream().filter(Boolean::booleanValue).count());
    }
}

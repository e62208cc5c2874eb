package com.oauthconfig.token.store;

import com.oauthconfig.common.crypto.SealedRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for {@code user_token}. Plain reactive SQL rather than Panache because refresh holds a
 * {@code SELECT ... FOR UPDATE} row lock across a provider call on one explicit connection; each
 * method takes the {@link SqlClient} (pool or transaction connection) it must run on.
 */
@ApplicationScoped
public class TokenRepository {

    private static final String COLUMNS = "org_id, config_id, user_id, status, access_token_sealed, refresh_token_sealed, "
            + "access_expires_at, obtained_at, scopes, id_subject, id_issuer, config_version, consent_fingerprint, status_reason";

    private final Pool pool;

    public TokenRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    public Uni<Optional<TokenRow>> find(String orgId, String configId, String userId) {
        return select(pool, "", orgId, configId, userId);
    }

    /** Reads the row and locks it until the surrounding transaction ends (single flight across replicas). */
    public Uni<Optional<TokenRow>> findForUpdate(SqlClient tx, String orgId, String configId, String userId) {
        return select(tx, " for update", orgId, configId, userId);
    }

    private Uni<Optional<TokenRow>> select(SqlClient client, String suffix, String orgId, String configId, String userId) {
        return client.preparedQuery("select " + COLUMNS + " from user_token where org_id = $1 and config_id = $2 and user_id = $3" + suffix)
                .execute(Tuple.of(orgId, configId, userId))
                .map(rows -> rows.size() == 0 ? Optional.<TokenRow>empty() : Optional.of(map(rows.iterator().next())));
    }

    public Uni<Void> upsert(SqlClient client, TokenRow t) {
        return client.preparedQuery("insert into user_token (" + COLUMNS + ", updated_at) values "
                        + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now()) "
                        + "on conflict (org_id, config_id, user_id) do update set status = excluded.status, "
                        + "access_token_sealed = excluded.access_token_sealed, refresh_token_sealed = excluded.refresh_token_sealed, "
                        + "access_expires_at = excluded.access_expires_at, obtained_at = excluded.obtained_at, "
                        + "scopes = excluded.scopes, id_subject = excluded.id_subject, id_issuer = excluded.id_issuer, "
                        + "config_version = excluded.config_version, consent_fingerprint = excluded.consent_fingerprint, "
                        + "status_reason = excluded.status_reason, updated_at = now()")
                .execute(Tuple.tuple()
                        .addString(t.orgId()).addString(t.configId()).addString(t.userId()).addString(t.status().name())
                        .addString(t.accessSealed()).addString(t.refreshSealed())
                        .addOffsetDateTime(SqlTimestamps.odt(t.accessExpiresAt())).addOffsetDateTime(SqlTimestamps.odt(t.obtainedAt()))
                        .addString(t.scopes()).addString(t.idSubject()).addString(t.idIssuer())
                        .addLong(t.configVersion()).addString(t.consentFingerprint()).addString(t.statusReason()))
                .replaceWithVoid();
    }

    /** Drops the tokens and records why; the row stays so the next use can say what happened. */
    public Uni<Boolean> markWithoutTokens(SqlClient client, String orgId, String configId, String userId,
                                          TokenRow.TokenStatus status, String reason) {
        return client.preparedQuery("update user_token set status = $4, status_reason = $5, access_token_sealed = null, "
                        + "refresh_token_sealed = null, access_expires_at = null, updated_at = now() "
                        + "where org_id = $1 and config_id = $2 and user_id = $3")
                .execute(Tuple.of(orgId, configId, userId, status.name(), reason))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Up to {@code limit} rows holding a token wrapped by one of {@code keyIds}, locked until the
     * transaction ends. Rows a refresh holds are skipped, not waited for: that refresh writes
     * freshly sealed values anyway.
     */
    public Uni<List<TokenRow>> sealedUnderForUpdate(SqlClient tx, String[] keyIds, int limit) {
        return tx.preparedQuery("select " + COLUMNS + " from user_token where (" + SealedRows.keyIdOf("access_token_sealed") + " = any($1) or "
                        + SealedRows.keyIdOf("refresh_token_sealed") + " = any($1)) limit $2 for update skip locked")
                .execute(Tuple.of(keyIds, limit))
                .map(rows -> {
                    List<TokenRow> found = new ArrayList<>();
                    rows.forEach(r -> found.add(map(r)));
                    return found;
                });
    }

    /** Replaces the sealed values of rows locked by {@link #sealedUnderForUpdate}; nothing else changes. */
    public Uni<Void> replaceSealed(SqlClient tx, List<TokenRow> rows) {
        List<Tuple> batch = rows.stream().map(t -> Tuple.of(t.accessSealed(), t.refreshSealed(), t.orgId(), t.configId(), t.userId()))
                .toList();
        return tx.preparedQuery("update user_token set access_token_sealed = $1, refresh_token_sealed = $2 "
                        + "where org_id = $3 and config_id = $4 and user_id = $5")
                .executeBatch(batch).replaceWithVoid();
    }

    private static TokenRow map(Row r) {
        return new TokenRow(r.getString("org_id"), r.getString("config_id"), r.getString("user_id"),
                TokenRow.TokenStatus.valueOf(r.getString("status")), r.getString("access_token_sealed"),
                r.getString("refresh_token_sealed"), SqlTimestamps.instant(r.getOffsetDateTime("access_expires_at")),
                SqlTimestamps.instant(r.getOffsetDateTime("obtained_at")), r.getString("scopes"), r.getString("id_subject"),
                r.getString("id_issuer"), r.getLong("config_version"), r.getString("consent_fingerprint"),
                r.getString("status_reason"));
    }
}

package com.oauthconfig.token.keys;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.crypto.SealedRows;
import com.oauthconfig.common.sql.PipelinedTransaction;
import com.oauthconfig.token.revocation.RevocationJobs;
import com.oauthconfig.token.store.TokenRepository;
import com.oauthconfig.token.store.TokenRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sealed access and refresh tokens, for key rotation: the users' tokens, and the copies that
 * revocation jobs hold until the provider has revoked them (up to the revocation grace window). Both
 * count towards readiness and both move to the active key, so a retired key dropped once the count
 * is zero leaves no pending revocation unable to open its tokens. A batch locks its rows, rewraps
 * their data keys and writes the sealed columns alone; tokens, expiry, status and the jobs'
 * attempts stay as they are.
 */
@ApplicationScoped
public class StoredTokenRows implements SealedRows {

    private static final String ON_OTHER_KEY = SealedRows.wrappedByOtherKeyThanParam1("access_token_sealed") + " or "
            + SealedRows.wrappedByOtherKeyThanParam1("refresh_token_sealed");

    /** Rows of either table holding a token wrapped by another key than {@code $1}, from the key-id indexes (token V6, V11). */
    public static final String RETIRED_COUNT_SQL = "select (select count(*) from user_token where " + ON_OTHER_KEY
            + ") + (select count(*) from revocation_job where " + ON_OTHER_KEY + ")";

    private final TokenRepository tokens;
    private final EnvelopeCipher cipher;

    public StoredTokenRows(TokenRepository tokens, EnvelopeCipher cipher) {
        this.tokens = tokens;
        this.cipher = cipher;
    }

    @Override
    public String description() {
        return "stored token rows";
    }

    @Override
    public String retiredCountName() {
        return "tokensOnRetiredKeys";
    }

    @Override
    public Uni<Long> countOnRetiredKeys(String activeKeyId) {
        return tokens.pool().preparedQuery(RETIRED_COUNT_SQL).execute(Tuple.of(activeKeyId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Users' tokens first, then, with what is left of the batch, the tokens awaiting revocation, each
     * table in a transaction of its own. Only values wrapped by a key still in the ring are selected:
     * one wrapped by a key already gone cannot be moved, and must not hold back the others (the
     * readiness count keeps showing it).
     */
    @Override
    public Uni<Integer> rewrapBatch(int batchSize) {
        String[] movable = cipher.retiredKeyIds();
        if (movable.length == 0) {
            return Uni.createFrom().item(0);
        }
        return PipelinedTransaction.run(tokens.pool(), tx -> usersTokens(tx, movable, batchSize))
                .chain(moved -> moved >= batchSize ? Uni.createFrom().item(moved)
                        : PipelinedTransaction.run(tokens.pool(), tx -> tokensAwaitingRevocation(tx, movable, batchSize - moved))
                                .map(jobs -> moved + jobs));
    }

    private Uni<Integer> usersTokens(SqlClient tx, String[] movable, int limit) {
        return tokens.sealedUnderForUpdate(tx, movable, limit)
                .chain(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : tokens.replaceSealed(tx, rows.stream().map(this::rewrapped).toList()).replaceWith(rows.size()));
    }

    private Uni<Integer> tokensAwaitingRevocation(SqlClient tx, String[] movable, int limit) {
        return RevocationJobs.sealedUnderForUpdate(tx, movable, limit)
                .chain(jobs -> jobs.isEmpty()
                        ? Uni.createFrom().item(0)
                        : RevocationJobs.replaceSealed(tx, jobs.stream()
                                .map(j -> j.withSealed(rewrap(j.accessSealed(), j.context()), rewrap(j.refreshSealed(), j.context())))
                                .toList()).replaceWith(jobs.size()));
    }

    private TokenRow rewrapped(TokenRow row) {
        return row.withSealed(rewrap(row.accessSealed(), row.context()), rewrap(row.refreshSealed(), row.context()));
    }

    private String rewrap(String sealed, String context) {
        return sealed == null ? null : cipher.rewrap(sealed, context);
    }
}

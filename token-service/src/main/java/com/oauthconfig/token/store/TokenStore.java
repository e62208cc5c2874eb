package com.oauthconfig.token.store;

import com.oauthconfig.common.sql.PipelinedTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Every write of a user's tokens: the row ({@link TokenRepository}) and, at once, this replica's
 * cached copy ({@link AccessTokenCache}), so the writer never serves what it just replaced. Other
 * replicas hear of the change from the database trigger after commit ({@link TokenChangeListener}).
 */
@ApplicationScoped
public class TokenStore {

    private final TokenRepository rows;
    private final AccessTokenCache cache;

    public TokenStore(TokenRepository rows, AccessTokenCache cache) {
        this.rows = rows;
        this.cache = cache;
    }

    /** Inserts or replaces the row on {@code client} (pool or the transaction holding its lock). */
    public Uni<Void> save(SqlClient client, TokenRow row) {
        return rows.upsert(client, row).invoke(() -> cache.evict(row.orgId(), row.configId(), row.userId()));
    }

    /**
     * Stores a new sign-in's tokens in place of the user's previous ones and answers the row it
     * replaced when that still held tokens (sealed), so its grant can be retired at the provider. The
     * previous row is read under its lock in the same transaction: a refresh in flight finishes first,
     * and what is answered is exactly what was overwritten (its rotated refresh token, not an older one).
     */
    public Uni<Optional<TokenRow>> replace(TokenRow row) {
        return PipelinedTransaction.run(rows.pool(), tx -> rows.findForUpdate(tx, row.orgId(), row.configId(), row.userId())
                        .chain(previous -> rows.upsert(tx, row).replaceWith(previous.filter(
                                p -> p.status() == TokenRow.TokenStatus.ACTIVE && (p.refreshSealed() != null || p.accessSealed() != null)))))
                .invoke(() -> cache.evict(row.orgId(), row.configId(), row.userId()));
    }

    /** Drops the tokens on the pool and records why; the row stays so the next use can say what happened. */
    public Uni<Boolean> dropTokens(String orgId, String configId, String userId, TokenRow.TokenStatus status, String reason) {
        return dropTokens(rows.pool(), orgId, configId, userId, status, reason);
    }

    /** Drops the tokens on {@code client} and records why. */
    public Uni<Boolean> dropTokens(SqlClient client, String orgId, String configId, String userId,
                                   TokenRow.TokenStatus status, String reason) {
        return rows.markWithoutTokens(client, orgId, configId, userId, status, reason)
                .invoke(() -> cache.evict(orgId, configId, userId));
    }
}

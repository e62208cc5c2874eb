package com.oauthconfig.token.signin;

import com.oauthconfig.common.sql.PipelinedTransaction;
import com.oauthconfig.token.store.SqlTimestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** SQL for {@code auth_state}: insert (capped per user), take-once (delete … returning) and expiry sweep. */
@ApplicationScoped
public class AuthStateRepository {

    private final Pool pool;

    public AuthStateRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores a new transaction and, in the same database transaction, deletes the user's expired
     * ones and all but the newest {@code maxPending} (the new one included) for this config: a user
     * who starts sign-in after sign-in is never locked out, and nobody can fill the table.
     */
    public Uni<Void> insertCapped(AuthState s, int maxPending) {
        // The transaction-scoped advisory lock serialises one user's concurrent starts, so the cap is exact.
        return PipelinedTransaction.run(pool, conn -> conn.preparedQuery("select 1 from (select pg_advisory_xact_lock(hashtext($1))) l")
                .execute(Tuple.of(s.orgId() + "|" + s.configId() + "|" + s.userId()))
                .chain(() -> insert(conn, s)).chain(() -> conn.preparedQuery(
                        "delete from auth_state where org_id = $1 and config_id = $2 and user_id = $3 and (expires_at < now() "
                                + "or seq not in (select seq from auth_state where org_id = $1 and config_id = $2 and user_id = $3 "
                                + "and expires_at >= now() order by seq desc limit $4))")
                .execute(Tuple.of(s.orgId(), s.configId(), s.userId(), Math.max(1, maxPending)))))
                .replaceWithVoid();
    }

    private static Uni<Void> insert(io.vertx.mutiny.sqlclient.SqlClient client, AuthState s) {
        return client.preparedQuery("insert into auth_state (state_hash, org_id, config_id, user_id, verifier_sealed, nonce, "
                        + "expected_issuer, token_endpoint, jwks_uri, iss_required, redirect_uri, scopes, config_version, "
                        + "consent_fingerprint, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
                .execute(Tuple.tuple().addString(s.stateHash()).addString(s.orgId()).addString(s.configId())
                        .addString(s.userId()).addString(s.verifierSealed()).addString(s.nonce())
                        .addString(s.expectedIssuer()).addString(s.tokenEndpoint()).addString(s.jwksUri())
                        .addBoolean(s.issRequired()).addString(s.redirectUri()).addString(s.scopes())
                        .addLong(s.configVersion()).addString(s.consentFingerprint())
                        .addOffsetDateTime(SqlTimestamps.odt(s.expiresAt())))
                .replaceWithVoid();
    }

    /**
     * Removes and returns the transaction: the delete makes the state single use even when two
     * replicas receive the same callback at once (only one of them gets the row).
     */
    public Uni<Optional<AuthState>> take(String stateHash) {
        return pool.preparedQuery("delete from auth_state where state_hash = $1 returning *")
                .execute(Tuple.of(stateHash))
                .map(rows -> rows.size() == 0 ? Optional.<AuthState>empty() : Optional.of(map(rows.iterator().next())));
    }

    public Uni<Integer> deleteExpired() {
        return pool.query("delete from auth_state where expires_at < now()").execute().map(rows -> rows.rowCount());
    }

    private static AuthState map(Row r) {
        return new AuthState(r.getString("state_hash"), r.getString("org_id"), r.getString("config_id"),
                r.getString("user_id"), r.getString("verifier_sealed"), r.getString("nonce"),
                r.getString("expected_issuer"), r.getString("token_endpoint"), r.getString("jwks_uri"),
                r.getBoolean("iss_required"), r.getString("redirect_uri"), r.getString("scopes"),
                r.getLong("config_version"), r.getString("consent_fingerprint"),
                SqlTimestamps.instant(r.getOffsetDateTime("expires_at")));
    }
}

package com.oauthconfig.token.sso;

import com.oauthconfig.token.store.SqlTimestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** SQL for {@code sso_state}: insert, take-once (delete … returning) and the expiry sweep. */
@ApplicationScoped
public class SsoStateRepository {

    private final Pool pool;

    public SsoStateRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SsoState s) {
        return pool.preparedQuery("insert into sso_state (state_hash, org_id, config_id, config_version, browser_hash, "
                        + "verifier_sealed, nonce, expected_issuer, token_endpoint, jwks_uri, iss_required, redirect_uri, "
                        + "relay_state, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
                .execute(Tuple.tuple().addString(s.stateHash()).addString(s.orgId()).addString(s.configId())
                        .addLong(s.configVersion()).addString(s.browserHash()).addString(s.verifierSealed())
                        .addString(s.nonce()).addString(s.expectedIssuer()).addString(s.tokenEndpoint())
                        .addString(s.jwksUri()).addBoolean(s.issRequired()).addString(s.redirectUri())
                        .addString(s.relayState()).addOffsetDateTime(SqlTimestamps.odt(s.expiresAt())))
                .replaceWithVoid();
    }

    /** Removes and returns the transaction: single use even when two replicas get the same callback at once. */
    public Uni<Optional<SsoState>> take(String stateHash) {
        return pool.preparedQuery("delete from sso_state where state_hash = $1 returning *")
                .execute(Tuple.of(stateHash))
                .map(rows -> rows.size() == 0 ? Optional.<SsoState>empty() : Optional.of(map(rows.iterator().next())));
    }

    public Uni<Integer> deleteExpired() {
        return pool.query("delete from sso_state where expires_at < now()").execute().map(rows -> rows.rowCount());
    }

    private static SsoState map(Row r) {
        return new SsoState(r.getString("state_hash"), r.getString("org_id"), r.getString("config_id"),
                r.getLong("config_version"), r.getString("browser_hash"), r.getString("verifier_sealed"),
                r.getString("nonce"), r.getString("expected_issuer"), r.getString("token_endpoint"),
                r.getString("jwks_uri"), r.getBoolean("iss_required"), r.getString("redirect_uri"),
                r.getString("relay_state"), SqlTimestamps.instant(r.getOffsetDateTime("expires_at")));
    }
}

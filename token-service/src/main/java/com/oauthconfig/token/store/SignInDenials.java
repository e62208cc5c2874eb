package com.oauthconfig.token.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/**
 * SQL for {@code sign_in_denial}: the last sign-in a provider refused at the callback, per
 * (organisation, config, user), until a sign-in completes. Read only when no token can be handed
 * out, so the injection path's hits never touch it.
 */
@ApplicationScoped
public class SignInDenials {

    /** A refused sign-in: the provider's OAuth error code and when. */
    public record Denial(String providerError, Instant deniedAt) {
    }

    private final Pool pool;

    public SignInDenials(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> record(String orgId, String configId, String userId, String providerError) {
        return pool.preparedQuery("insert into sign_in_denial (org_id, config_id, user_id, provider_error, denied_at) "
                        + "values ($1, $2, $3, $4, now()) on conflict (org_id, config_id, user_id) do update set "
                        + "provider_error = excluded.provider_error, denied_at = excluded.denied_at")
                .execute(Tuple.of(orgId, configId, userId, providerError)).replaceWithVoid();
    }

    public Uni<Optional<Denial>> find(String orgId, String configId, String userId) {
        return pool.preparedQuery("select provider_error, denied_at from sign_in_denial where org_id = $1 and config_id = $2 "
                        + "and user_id = $3")
                .execute(Tuple.of(orgId, configId, userId))
                .map(rows -> rows.size() == 0 ? Optional.<Denial>empty() : Optional.of(rows.iterator().next())
                        .map(r -> new Denial(r.getString("provider_error"), SqlTimestamps.instant(r.getOffsetDateTime("denied_at")))));
    }

    /** A completed sign-in ends the denial. */
    public Uni<Void> clear(String orgId, String configId, String userId) {
        return pool.preparedQuery("delete from sign_in_denial where org_id = $1 and config_id = $2 and user_id = $3")
                .execute(Tuple.of(orgId, configId, userId)).replaceWithVoid();
    }
}

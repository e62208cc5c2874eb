package com.oauthconfig.config.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.Set;

/** Organisations' registered domains. */
@ApplicationScoped
@WithSession
public class OrganisationRepository implements PanacheRepositoryBase<OrganisationEntity, String> {

    /** The organisation's registered domains (none when it has no row), read through {@code db}: a write's own transaction, or the pool. */
    public static Uni<Set<String>> registeredDomains(SqlClient db, String orgId) {
        return db.preparedQuery("select domains from organisation where org_id = $1").execute(Tuple.of(orgId))
                .map(rows -> rows.rowCount() == 0 ? Set.of() : new HashSet<>(StringListConverter.fromColumn(rows.iterator().next().getString(0))));
    }
}

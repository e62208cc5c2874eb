package com.oauthconfig.config.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Retired configurations, scoped by organisation like the live ones. */
@ApplicationScoped
@WithSession
public class RetiredOAuthConfigRepository implements PanacheRepositoryBase<RetiredOAuthConfigEntity, UUID> {

    /** The configuration as it was before change {@code version}, while its grace window lasts. */
    public Uni<RetiredOAuthConfigEntity> findInOrg(String orgId, UUID configId, long version, Instant now) {
        return find("orgId = ?1 and configId = ?2 and retiredByVersion = ?3 and shredAfter > ?4", orgId, configId, version, now)
                .firstResult();
    }

    /** Deletes every retired configuration whose grace window has ended (and with it the wrapped data key). */
    public Uni<Long> deleteShreddable(Instant now) {
        return delete("shredAfter <= ?1", now);
    }
}

package com.oauthconfig.config.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The append-only audit log of configuration changes. */
@ApplicationScoped
@WithSession
public class AuditRepository implements PanacheRepositoryBase<AuditEntryEntity, Long> {

    public Uni<List<AuditEntryEntity>> forConfig(String orgId, UUID configId, int page, int size) {
        return find("orgId = ?1 and configId = ?2", Sort.descending("id"), orgId, configId).page(Page.of(page, size)).list();
    }

    /** Which of {@code configIds} ever existed in {@code orgId}: the audit log outlives a removal. */
    public Uni<List<UUID>> everIn(String orgId, Collection<UUID> configIds) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select distinct configId from AuditEntryEntity where orgId = :org and configId in :ids", UUID.class)
                .setParameter("org", orgId).setParameter("ids", configIds).getResultList());
    }

    public Uni<Long> countForConfig(String orgId, UUID configId) {
        return count("orgId = ?1 and configId = ?2", orgId, configId);
    }
}

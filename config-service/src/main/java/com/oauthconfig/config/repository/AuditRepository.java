package com.oauthconfig.config.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The append-only audit log of configuration changes. */
@ApplicationScoped
@WithSession
public class AuditRepository implements PanacheRepositoryBase<AuditEntryEntity, Long> {

    public Uni<List<AuditEntryEntity>> forConfig(String orgId, UUID configId, int page, int size) {
        return find("orgId = ?1 and configId = ?2", Sort.descending("id"), orgId, configId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countForConfig(String orgId, UUID configId) {
        return count("orgId = ?1 and configId = ?2", orgId, configId);
    }
}

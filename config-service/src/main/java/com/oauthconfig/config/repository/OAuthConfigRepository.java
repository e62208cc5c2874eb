package com.oauthconfig.config.repository;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

/** Configurations, always scoped by organisation so no query can cross tenants by accident. */
@ApplicationScoped
@WithSession
public class OAuthConfigRepository implements PanacheRepositoryBase<OAuthConfigEntity, UUID> {

    public Uni<OAuthConfigEntity> findInOrg(String orgId, UUID id) {
        return find("orgId = ?1 and id = ?2", orgId, id).firstResult();
    }

    /** Locks the row until the transaction ends, so concurrent writers serialise and versions stay gap-free. */
    public Uni<OAuthConfigEntity> lockInOrg(String orgId, UUID id) {
        return find("orgId = ?1 and id = ?2", orgId, id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<OAuthConfigEntity> findByTitle(String orgId, String title) {
        return find("orgId = ?1 and lower(title) = lower(?2)", orgId, title).firstResult();
    }

    public Uni<List<OAuthConfigEntity>> page(String orgId, Sort sort, int page, int size) {
        return find("orgId", sort, orgId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countInOrg(String orgId) {
        return count("orgId", orgId);
    }

    public Uni<List<OAuthConfigEntity>> ssoEnabled(String orgId) {
        return list("orgId = ?1 and ssoEnabled = true", orgId);
    }

    public Uni<List<OAuthConfigEntity>> allInOrg(String orgId) {
        return list("orgId", orgId);
    }

    /** Secrets still wrapped by another key than the active one, for the rewrap job. */
    public Uni<List<OAuthConfigEntity>> sealedNotWith(String activeKeyId, int limit) {
        return find("clientSecretSealed is not null and clientSecretSealed not like ?1", EnvelopeCipher.likePatternForKey(activeKeyId))
                .page(Page.ofSize(limit)).list();
    }
}

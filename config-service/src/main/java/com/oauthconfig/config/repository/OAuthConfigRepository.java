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

/**
 * The API's reads of configurations, always scoped by organisation so no query can cross tenants
 * by accident. Writes go through {@link OAuthConfigRows} on the SQL client.
 */
@ApplicationScoped
@WithSession
public class OAuthConfigRepository implements PanacheRepositoryBase<OAuthConfigEntity, UUID> {

    public Uni<OAuthConfigEntity> findInOrg(String orgId, UUID id) {
        return find("orgId = ?1 and id = ?2", orgId, id).firstResult();
    }

    public Uni<OAuthConfigEntity> findByTitle(String orgId, String title) {
        return find("orgId = ?1 and lower(title) = lower(?2)", orgId, title).firstResult();
    }

    public Uni<List<OAuthConfigEntity>> page(String orgId, Sort sort, int page, int size) {
        return find("orgId", sort, orgId).page(Page.of(page, size)).list();
    }

    /** Which of {@code ids} are configurations of {@code orgId} now. */
    public Uni<List<UUID>> existingIn(String orgId, Collection<UUID> ids) {
        return getSession().chain(s -> s.createSelectionQuery(
                        "select id from OAuthConfigEntity where orgId = :org and id in :ids", UUID.class)
                .setParameter("org", orgId).setParameter("ids", ids).getResultList());
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

    /** A sealed secret as the rewrap job reads it: the row's identity and the sealed text only. */
    public record SealedSecret(UUID id, String orgId, String clientSecretSealed) {
    }

    /**
     * Replaces a sealed secret only if the row still holds exactly {@code expected}, and touches no
     * other column: an edit committed since the read keeps every value it wrote (version included),
     * and a secret changed meanwhile is not put back. The UPDATE takes the row lock, so it waits for
     * an edit in flight and then re-checks the condition on the row that edit left.
     * Returns whether the row was changed.
     */
    public Uni<Boolean> replaceSealed(SealedSecret read, String resealed) {
        return update("clientSecretSealed = ?1 where id = ?2 and orgId = ?3 and clientSecretSealed = ?4",
                resealed, read.id(), read.orgId(), read.clientSecretSealed()).map(n -> n == 1);
    }
}

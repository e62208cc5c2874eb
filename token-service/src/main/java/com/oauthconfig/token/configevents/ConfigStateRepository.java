package com.oauthconfig.token.configevents;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Optional;

/** The per-config event state; rows are locked while an event of that config is applied. */
@ApplicationScoped
@WithSession
public class ConfigStateRepository implements PanacheRepositoryBase<ConfigState, String> {

    /** The state row locked for this transaction, or null when no event of the config was seen yet. */
    public Uni<ConfigState> lockById(String configId) {
        return findById(configId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** A removed config of this organisation that had this title (newest first), if any. */
    public Uni<Optional<ConfigState>> removedWithTitle(String orgId, String title) {
        return find("orgId = ?1 and title = ?2 and removed = true order by updatedAt desc", orgId, title)
                .firstResult().map(Optional::ofNullable);
    }
}

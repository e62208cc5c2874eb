package com.oauthconfig.token.configevents;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Reads of the per-config event state; the event consumer writes it on the SQL client ({@link ConfigChangeWriter}). */
@ApplicationScoped
@WithSession
public class ConfigStateRepository implements PanacheRepositoryBase<ConfigState, String> {

    /** A removed config of this organisation that had this title (newest first), if any. */
    public Uni<Optional<ConfigState>> removedWithTitle(String orgId, String title) {
        return find("orgId = ?1 and title = ?2 and removed = true order by updatedAt desc", orgId, title)
                .firstResult().map(Optional::ofNullable);
    }
}

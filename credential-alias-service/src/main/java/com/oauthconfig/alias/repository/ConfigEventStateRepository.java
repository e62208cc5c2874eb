package com.oauthconfig.alias.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.UUID;

/** Per-configuration event state; read under a row lock so two consumers cannot both apply a change. */
@ApplicationScoped
@WithSession
public class ConfigEventStateRepository implements PanacheRepositoryBase<ConfigEventState, UUID> {

    public Uni<ConfigEventState> lockById(UUID configId) {
        return findById(configId, LockModeType.PESSIMISTIC_WRITE);
    }
}

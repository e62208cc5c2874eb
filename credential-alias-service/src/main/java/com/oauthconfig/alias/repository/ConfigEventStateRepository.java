package com.oauthconfig.alias.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Reads of the per-configuration event state for alias writes. The event consumer writes the rows
 * on the SQL client, under a row lock ({@code ConfigEventService}).
 */
@ApplicationScoped
@WithSession
public class ConfigEventStateRepository implements PanacheRepositoryBase<ConfigEventState, UUID> {
}

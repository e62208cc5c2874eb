package com.oauthconfig.config.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;

/** Organisations' registered domains. */
@ApplicationScoped
@WithSession
public class OrganisationRepository implements PanacheRepositoryBase<OrganisationEntity, String> {
}

package com.oauthconfig.alias.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The titles declared per solution; every query is scoped by organisation. */
@ApplicationScoped
@WithSession
public class RequiredTitleRepository implements PanacheRepositoryBase<RequiredTitle, UUID> {

    public Uni<List<RequiredTitle>> ofSolution(String orgId, String solutionId) {
        return find("orgId = :org and solutionId = :solution order by title",
                Parameters.with("org", orgId).and("solution", solutionId)).list();
    }

    public Uni<Long> deleteOfSolution(String orgId, String solutionId) {
        return delete("orgId = :org and solutionId = :solution", Parameters.with("org", orgId).and("solution", solutionId));
    }
}

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

    /**
     * Holds the solution's declared titles for the rest of the transaction: replacing them is
     * delete-then-insert, and two replacements at once would otherwise both insert the same titles
     * (a unique violation for the second). With the lock the second waits and replaces the first.
     */
    public Uni<Void> lockSolution(String orgId, String solutionId) {
        return getSession().chain(s -> s.createNativeQuery(
                        "select 1 from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) locked", Integer.class)
                .setParameter("key", "solution_required_title/" + orgId + "/" + solutionId).getSingleResult()).replaceWithVoid();
    }

    public Uni<Long> deleteOfSolution(String orgId, String solutionId) {
        return delete("orgId = :org and solutionId = :solution", Parameters.with("org", orgId).and("solution", solutionId));
    }
}

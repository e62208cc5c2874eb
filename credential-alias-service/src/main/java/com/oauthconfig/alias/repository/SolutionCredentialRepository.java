package com.oauthconfig.alias.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads and writes solution credentials; every query is scoped by organisation. */
@ApplicationScoped
@WithSession
public class SolutionCredentialRepository implements PanacheRepositoryBase<SolutionCredential, UUID> {

    /** A credential whose state a bulk update just changed, as the event needs it. */
    public record Flagged(UUID id, String orgId, String solutionId, String name, UUID oauthConfigId) {
    }

    public Uni<SolutionCredential> findInSolution(String orgId, String solutionId, UUID id) {
        return find("id = :id and orgId = :org and solutionId = :solution",
                Parameters.with("id", id).and("org", orgId).and("solution", solutionId)).firstResult();
    }

    public Uni<SolutionCredential> findByName(String orgId, String solutionId, String name) {
        return find("orgId = :org and solutionId = :solution and name = :name",
                Parameters.with("org", orgId).and("solution", solutionId).and("name", name)).firstResult();
    }

    public Uni<List<SolutionCredential>> pageInSolution(String orgId, String solutionId, CredentialStatus status, int page, int size) {
        return solutionQuery(orgId, solutionId, status).page(Page.of(page, size)).list();
    }

    public Uni<Long> countInSolution(String orgId, String solutionId, CredentialStatus status) {
        return solutionQuery(orgId, solutionId, status).count();
    }

    private io.quarkus.hibernate.reactive.panache.PanacheQuery<SolutionCredential> solutionQuery(String orgId, String solutionId, CredentialStatus status) {
        Parameters p = Parameters.with("org", orgId).and("solution", solutionId);
        if (status == null) {
            return find("orgId = :org and solutionId = :solution order by name, id", p);
        }
        return find("orgId = :org and solutionId = :solution and status = :status order by name, id", p.and("status", status));
    }

    /** Credentials pointing at a configuration, in the order of the references index. */
    public Uni<List<SolutionCredential>> references(String orgId, UUID configId, int page, int size) {
        return find("orgId = :org and oauthConfigId = :config order by solutionId, name, id",
                Parameters.with("org", orgId).and("config", configId)).page(Page.of(page, size)).list();
    }

    public Uni<Long> countReferences(String orgId, UUID configId) {
        return count("orgId = :org and oauthConfigId = :config", Parameters.with("org", orgId).and("config", configId));
    }

    /**
     * Flags every working alias of the configuration in one statement and returns what it changed,
     * so a removal touching thousands of aliases costs one round trip, not one per alias.
     */
    public static Uni<List<Flagged>> breakAliases(SqlConnection tx, String orgId, UUID configId, String reason, Instant at) {
        return flag(tx, """
                update solution_credential
                   set status = 'BROKEN', broken_reason = $3, broken_at = $4, updated_at = $4, version = version + 1
                 where org_id = $1 and oauth_config_id = $2 and status = 'OK'
                returning id, org_id, solution_id, name, oauth_config_id""", orgId, configId, reason, at);
    }

    /**
     * Flags aliases of other organisations that point at this configuration: the write-time check
     * makes them impossible, so any found means that check was bypassed and the alias must not work.
     */
    public static Uni<List<Flagged>> breakForeignAliases(SqlConnection tx, String ownerOrgId, UUID configId, String reason, Instant at) {
        return flag(tx, """
                update solution_credential
                   set status = 'BROKEN', broken_reason = $3, broken_at = $4, updated_at = $4, version = version + 1
                 where oauth_config_id = $2 and org_id <> $1 and status = 'OK'
                returning id, org_id, solution_id, name, oauth_config_id""", ownerOrgId, configId, reason, at);
    }

    /** A configuration some working alias points at. */
    public record Target(String orgId, UUID configId) {
    }

    /** Distinct targets of working aliases after {@code after} (keyset paging), for reconciliation. */
    public Uni<List<Target>> workingTargetsAfter(Target after, int limit) {
        String sql = after == null
                ? "select distinct org_id, oauth_config_id from solution_credential where status = 'OK' and oauth_config_id is not null "
                  + "order by org_id, oauth_config_id limit :limit"
                : "select distinct org_id, oauth_config_id from solution_credential where status = 'OK' and oauth_config_id is not null "
                  + "and (org_id, oauth_config_id) > (:org, :config) order by org_id, oauth_config_id limit :limit";
        return getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Object[].class).setParameter("limit", limit);
            if (after != null) {
                q.setParameter("org", after.orgId()).setParameter("config", after.configId());
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(r -> new Target((String) r[0], toUuid(r[1]))).toList());
    }

    /** Runs a flagging statement in the event's (or reconciliation's) SQL client transaction. */
    private static Uni<List<Flagged>> flag(SqlConnection tx, String sql, String orgId, UUID configId, String reason, Instant at) {
        return tx.preparedQuery(sql).execute(Tuple.of(orgId, configId, reason, at.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<Flagged> flagged = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        flagged.add(new Flagged(r.getUUID("id"), r.getString("org_id"), r.getString("solution_id"), r.getString("name"),
                                r.getUUID("oauth_config_id")));
                    }
                    return flagged;
                });
    }

    private static UUID toUuid(Object o) {
        return o instanceof UUID u ? u : UUID.fromString(o.toString());
    }
}

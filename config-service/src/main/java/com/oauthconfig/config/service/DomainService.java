package com.oauthconfig.config.service;

import com.oauthconfig.common.problem.FieldError;
import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.common.problem.ProblemType;
import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.repository.OAuthConfigRepository;
import com.oauthconfig.config.repository.OrganisationEntity;
import com.oauthconfig.config.repository.OrganisationRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** An organisation's registered domains: read by its admins, replaced by platform support. */
@ApplicationScoped
public class DomainService {

    private final OrganisationRepository organisations;
    private final OAuthConfigRepository configs;

    public DomainService(OrganisationRepository organisations, OAuthConfigRepository configs) {
        this.organisations = organisations;
        this.configs = configs;
    }

    /** The organisation (an empty one when nothing was registered yet). */
    @WithSession
    public Uni<OrganisationEntity> get(String orgId) {
        return organisations.findById(orgId).map(o -> o != null ? o : empty(orgId));
    }

    /**
     * Replaces the registered domains. A domain still used by a configuration cannot be dropped
     * (409 naming the configurations): it would leave them pointing at a domain nobody owns.
     */
    @WithTransaction
    public Uni<OrganisationEntity> replace(String orgId, List<String> requested, String actor) {
        List<String> domains = normalise(requested);
        return configs.allInOrg(orgId).chain(all -> {
            Map<String, Object> stillUsed = new LinkedHashMap<>();
            for (OAuthConfigEntity c : all) {
                for (String entry : c.domains) {
                    if (DomainPatterns.ANY.equals(entry)) {
                        continue;
                    }
                    boolean ok = DomainPatterns.isWildcard(entry)
                            ? DomainPatterns.coveredBy(entry.substring(2), domains)
                            : domains.contains(entry);
                    if (!ok) {
                        stillUsed.put(c.id.toString(), Map.of("title", c.title, "domain", entry));
                    }
                }
            }
            if (!stillUsed.isEmpty()) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "domains still used by OAuth configurations cannot be removed", List.of(),
                        Map.of("usedBy", stillUsed)));
            }
            return organisations.findById(orgId).chain(existing -> {
                OrganisationEntity o = existing != null ? existing : empty(orgId);
                o.domains = domains;
                o.updatedBy = actor;
                o.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                return existing != null ? Uni.createFrom().item(o) : organisations.persist(o);
            });
        });
    }

    static List<String> normalise(List<String> requested) {
        if (requested == null) {
            throw Problems.invalid("domains", "is required (an array of domain names)");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String raw = requested.get(i);
            String d = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (!DomainPatterns.isDomainName(d)) {
                errors.add(new FieldError("domains[" + i + "]", "must be a domain name such as example.com (no wildcards, no scheme)"));
            } else if (!out.add(d)) {
                errors.add(new FieldError("domains[" + i + "]", "is listed twice"));
            }
        }
        if (requested.size() > 200) {
            errors.add(new FieldError("domains", "must have at most 200 entries"));
        }
        if (!errors.isEmpty()) {
            throw Problems.invalid(errors);
        }
        return List.copyOf(out);
    }

    private static OrganisationEntity empty(String orgId) {
        OrganisationEntity o = new OrganisationEntity();
        o.orgId = orgId;
        o.domains = List.of();
        return o;
    }
}

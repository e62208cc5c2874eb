package com.oauthconfig.config.service;

import com.oauthconfig.config.repository.AuditRepository;
import com.oauthconfig.config.repository.OAuthConfigRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which of a list of configuration ids exist in an organisation, which existed there and were
 * removed, and which this service has never had there. Another service acts on "removed" alone:
 * it is a positive statement by the system of record (the audit log outlives a removal), unlike a
 * mere absence, which a misrouted URL or a wrong database would produce too.
 */
@ApplicationScoped
public class ConfigExistence {

    /** The three disjoint answers, each in the order the ids were asked. */
    public record Answer(List<UUID> existing, List<UUID> removed, List<UUID> unknown) {
    }

    private final OAuthConfigRepository configs;
    private final AuditRepository audits;

    public ConfigExistence(OAuthConfigRepository configs, AuditRepository audits) {
        this.configs = configs;
        this.audits = audits;
    }

    @WithSession
    public Uni<Answer> of(String orgId, List<UUID> ids) {
        return configs.existingIn(orgId, ids).chain(existing -> audits.everIn(orgId, ids).map(known -> {
            Set<UUID> now = new HashSet<>(existing);
            Set<UUID> ever = new HashSet<>(known);
            return new Answer(
                    ids.stream().filter(now::contains).toList(),
                    ids.stream().filter(id -> !now.contains(id) && ever.contains(id)).toList(),
                    ids.stream().filter(id -> !now.contains(id) && !ever.contains(id)).toList());
        }));
    }
}

package com.oauthconfig.config.service;

import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.repository.OAuthConfigRepository;
import com.oauthconfig.config.repository.OrganisationRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which single-sign-on configurations a user of an e-mail address may sign in with: exact domain
 * first, then subdomain wildcards (the longer the better), then {@code *}; ties by name.
 */
@ApplicationScoped
public class SsoService {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@([^@\\s]{1,253})");

    private final OAuthConfigRepository configs;
    private final OrganisationRepository organisations;

    public SsoService(OAuthConfigRepository configs, OrganisationRepository organisations) {
        this.configs = configs;
        this.organisations = organisations;
    }

    /** Why an e-mail may or may not sign in through a configuration; {@code match} says which kind of entry admitted it. */
    public enum Decision { ADMITTED, SSO_DISABLED, DOMAIN_NOT_ALLOWED, DOMAIN_NOT_REGISTERED }

    /** The answer for one configuration and e-mail; {@code config} is null when the organisation has no such configuration. */
    public record Admission(OAuthConfigEntity config, Decision decision, String match) {
        public boolean admitted() {
            return decision == Decision.ADMITTED;
        }
    }

    /**
     * Whether a user whose provider vouched for {@code email} may sign in to the platform through
     * {@code configId}: the configuration must be SSO-enabled and one of its domain entries must
     * match the e-mail's domain. An exact or subdomain-wildcard entry admits only a domain that is
     * also one of the organisation's registered domains (or a subdomain of one) — saving already
     * enforces that, this holds it at sign-in too; {@code *} is the administrator's explicit choice
     * to admit any domain (users from outside the organisation's domains, as the product documents).
     */
    @WithSession
    public Uni<Admission> admission(String orgId, UUID configId, String email) {
        String domain = domainOf(email);
        return configs.findInOrg(orgId, configId).chain(c -> {
            if (c == null) {
                return Uni.createFrom().item(new Admission(null, Decision.DOMAIN_NOT_ALLOWED, "NONE"));
            }
            if (!c.ssoEnabled) {
                return Uni.createFrom().item(new Admission(c, Decision.SSO_DISABLED, "NONE"));
            }
            Optional<DomainPatterns.Match> best = DomainPatterns.best(c.domains, domain);
            if (best.isEmpty()) {
                return Uni.createFrom().item(new Admission(c, Decision.DOMAIN_NOT_ALLOWED, "NONE"));
            }
            String match = switch (best.get().level()) {
                case DomainPatterns.Match.EXACT -> "EXACT";
                case DomainPatterns.Match.WILDCARD -> "WILDCARD";
                default -> "ANY";
            };
            if (best.get().level() == DomainPatterns.Match.ANY_DOMAIN) {
                return Uni.createFrom().item(new Admission(c, Decision.ADMITTED, match));
            }
            return organisations.findById(orgId).map(o -> new Admission(c,
                    o != null && DomainPatterns.coveredBy(domain, o.domains) ? Decision.ADMITTED : Decision.DOMAIN_NOT_REGISTERED,
                    match));
        });
    }

    @WithSession
    public Uni<List<OAuthConfigEntity>> providersFor(String orgId, String email) {
        String domain = domainOf(email);
        return configs.ssoEnabled(orgId).map(all -> all.stream()
                .map(c -> Map.entry(c, DomainPatterns.best(c.domains, domain)))
                .filter(m -> m.getValue().isPresent())
                .sorted(Comparator.<Map.Entry<OAuthConfigEntity, Optional<DomainPatterns.Match>>, DomainPatterns.Match>comparing(
                                m -> m.getValue().get())
                        .thenComparing(m -> m.getKey().name)
                        .thenComparing(m -> m.getKey().id))
                .map(Map.Entry::getKey)
                .toList());
    }

    static String domainOf(String email) {
        if (email == null || email.isBlank()) {
            throw Problems.invalid("email", "is required");
        }
        var m = EMAIL.matcher(email.trim());
        String domain = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        if (domain == null || !DomainPatterns.isDomainName(domain)) {
            throw Problems.invalid("email", "must be an e-mail address such as user@example.com");
        }
        return domain;
    }
}

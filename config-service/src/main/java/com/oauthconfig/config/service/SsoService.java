package com.oauthconfig.config.service;

import com.oauthconfig.common.problem.Problems;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.repository.OAuthConfigRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which single-sign-on configurations a user of an e-mail address may sign in with: exact domain
 * first, then subdomain wildcards (the longer the better), then {@code *}; ties by name.
 */
@ApplicationScoped
public class SsoService {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@([^@\\s]{1,253})");

    private final OAuthConfigRepository configs;

    public SsoService(OAuthConfigRepository configs) {
        this.configs = configs;
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

package com.oauthconfig.alias.service;

import com.oauthconfig.alias.repository.CredentialType;
import com.oauthconfig.alias.repository.RequiredTitle;
import com.oauthconfig.alias.repository.RequiredTitleRepository;
import com.oauthconfig.alias.repository.SolutionCredential;
import com.oauthconfig.alias.repository.SolutionCredentialRepository;
import com.oauthconfig.common.problem.FieldError;
import com.oauthconfig.common.problem.Problems;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a solution needs its users signed in to: its OAuth aliases plus the configuration titles an
 * ADMIN declares for it. Declared here, beside the solution's credentials, because both are the
 * solution's credential requirements and the same admins manage them; the token-service reads both
 * in one internal call for the Home Hub and adds the titles the solution's functions used.
 */
@ApplicationScoped
public class RequiredCredentialsService {

    /** The config-service's title rule: dot-separated identifiers, at most 128 characters. */
    private static final Pattern TITLE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*)*");
    public static final int MAX_TITLES = 50;

    /** The aliases and declared titles of one solution. */
    public record Required(List<SolutionCredential> aliases, List<String> titles) {
    }

    private final RequiredTitleRepository titles;
    private final SolutionCredentialRepository credentials;

    public RequiredCredentialsService(RequiredTitleRepository titles, SolutionCredentialRepository credentials) {
        this.titles = titles;
        this.credentials = credentials;
    }

    @WithSession
    public Uni<List<String>> titles(String orgId, String solutionId) {
        return titles.ofSolution(orgId, solutionId).map(rows -> rows.stream().map(t -> t.title).toList());
    }

    /** Replaces the declared titles (duplicates ignoring case collapse to the first spelling); 400 naming the item. */
    @WithTransaction
    public Uni<List<String>> replace(String orgId, String solutionId, List<String> requested, String actor) {
        List<String> clean = validate(requested);
        Instant now = Instant.now();
        return titles.lockSolution(orgId, solutionId).chain(() -> titles.deleteOfSolution(orgId, solutionId)).chain(() -> {
            List<RequiredTitle> rows = new ArrayList<>();
            for (String t : clean) {
                RequiredTitle row = new RequiredTitle();
                row.id = UUID.randomUUID();
                row.orgId = orgId;
                row.solutionId = solutionId;
                row.title = t;
                row.createdBy = actor;
                row.createdAt = now;
                rows.add(row);
            }
            return titles.persist(rows).replaceWith(clean);
        });
    }

    /** For the token-service: the solution's OAuth aliases (name order) and declared titles. */
    @WithSession
    public Uni<Required> required(String orgId, String solutionId) {
        return credentials.pageInSolution(orgId, solutionId, null, 0, 500)
                .map(all -> all.stream().filter(c -> c.type == CredentialType.OAUTH_ALIAS).toList())
                .chain(aliases -> titles.ofSolution(orgId, solutionId)
                        .map(rows -> new Required(aliases, rows.stream().map(t -> t.title).toList())));
    }

    static List<String> validate(List<String> requested) {
        if (requested == null) {
            throw Problems.invalid("titles", "is required (an empty list declares none)");
        }
        if (requested.size() > MAX_TITLES) {
            throw Problems.invalid("titles", "must have at most " + MAX_TITLES + " items");
        }
        List<FieldError> errors = new ArrayList<>();
        TreeMap<String, String> byLowerCase = new TreeMap<>();
        for (int i = 0; i < requested.size(); i++) {
            String t = requested.get(i);
            if (t == null || t.length() > 128 || !TITLE.matcher(t).matches()) {
                errors.add(new FieldError("titles[" + i + "]", "must be a configuration title: dot-separated identifiers "
                        + "(letters, digits, '_' or '-', each starting with a letter), at most 128 characters"));
                continue;
            }
            byLowerCase.putIfAbsent(t.toLowerCase(Locale.ROOT), t);
        }
        if (!errors.isEmpty()) {
            throw Problems.invalid(errors);
        }
        return List.copyOf(byLowerCase.values());
    }
}

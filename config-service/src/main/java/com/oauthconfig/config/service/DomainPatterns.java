package com.oauthconfig.config.service;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The domain entries of a configuration: an exact domain ({@code example.com}), a subdomain
 * wildcard ({@code *.example.com}: any subdomain, not the domain itself) or {@code *} (any).
 * For sign-in, exact beats a wildcard, a longer wildcard beats a shorter one, and {@code *} comes last.
 */
public final class DomainPatterns {

    public static final String ANY = "*";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    /** How well an entry matches an e-mail domain: lower level first, then higher specificity. */
    public record Match(int level, int specificity) implements Comparable<Match> {
        public static final int EXACT = 0;
        public static final int WILDCARD = 1;
        public static final int ANY_DOMAIN = 2;

        @Override
        public int compareTo(Match o) {
            return level != o.level ? Integer.compare(level, o.level) : Integer.compare(o.specificity, specificity);
        }
    }

    private DomainPatterns() {
    }

    /** A lower-case DNS name of at least two labels with an alphabetic top-level label. */
    public static boolean isDomainName(String s) {
        return s != null && DOMAIN.matcher(s).matches();
    }

    public static boolean isWildcard(String entry) {
        return entry.startsWith("*.");
    }

    public static Optional<Match> match(String entry, String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (ANY.equals(entry)) {
            return Optional.of(new Match(Match.ANY_DOMAIN, 0));
        }
        if (isWildcard(entry)) {
            String base = entry.substring(2);
            return d.endsWith("." + base) ? Optional.of(new Match(Match.WILDCARD, base.length())) : Optional.empty();
        }
        return entry.equals(d) ? Optional.of(new Match(Match.EXACT, d.length())) : Optional.empty();
    }

    /** The best match among a configuration's entries, if any matches. */
    public static Optional<Match> best(Collection<String> entries, String domain) {
        return entries.stream().map(e -> match(e, domain)).flatMap(Optional::stream).sorted().findFirst();
    }

    /** Whether {@code domain} is a registered domain or a subdomain of one. */
    public static boolean coveredBy(String domain, Collection<String> registered) {
        return registered.stream().anyMatch(r -> domain.equals(r) || domain.endsWith("." + r));
    }
}

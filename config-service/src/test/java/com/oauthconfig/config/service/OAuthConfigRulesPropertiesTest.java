package com.oauthconfig.config.service;

import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.config.repository.ProviderType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Properties of the rules over open-ended input. Each field property states the field's rule a
 * second, simpler way (the oracle below it) and checks that the rules accept exactly what the
 * oracle accepts, and that a refusal names that field and no other; jqwik's coverage check makes
 * sure both outcomes really occur. Every other field keeps a value valid on its own
 * ({@link #baselineIsAcceptedAsItIs}).
 */
class OAuthConfigRulesPropertiesTest {

    private static final Set<String> ORG_DOMAINS = Set.of("acme.com");
    /** Every host name resolves to this public address, so only the URL rules themselves decide. */
    private static final InetAddress PUBLIC_ADDRESS = address(93, 184, 215, 14);

    private final OAuthConfigRules rules = new OAuthConfigRules(false, host -> List.of(PUBLIC_ADDRESS));

    private static InetAddress address(int... octets) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) octets[0], (byte) octets[1], (byte) octets[2], (byte) octets[3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Example
    void baselineIsAcceptedAsItIs() {
        ConfigDraft d = OAuthConfigRulesTest.valid();
        assertEquals(d.title(), rules.validate(d, ORG_DOMAINS, SecretChange.KEEP).title());
        ConfigDraft graph = graph("acme.com");
        assertEquals("acme.com", rules.validate(graph, ORG_DOMAINS, SecretChange.KEEP).tenantId());
    }

    // ---- the properties: one field changed, outcome decided by the oracle ----

    @Property(tries = 400)
    void nameIsAcceptedExactlyWhenTheOracleAcceptsIt(@ForAll("names") String name) {
        check("name", name, draft(d -> new ConfigDraft(name, d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null)),
                isText(name, 100));
    }

    @Property(tries = 400)
    void titleIsAcceptedExactlyWhenTheOracleAcceptsIt(@ForAll("titleLike") String title) {
        check("title", title, draft(d -> new ConfigDraft(d.name(), title, d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null)),
                isText(title, 128) && isDottedIdentifiers(title));
    }

    @Property(tries = 400)
    void aScopeIsAcceptedExactlyWhenTheOracleAcceptsIt(@ForAll("scopeLike") String scope) {
        check("scopes", scope, draft(d -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, List.of("openid", scope), null, null, null, null, null)),
                isScopeToken(scope) && !scope.equals("openid"));
    }

    @Property(tries = 400)
    void aDomainIsAcceptedExactlyWhenTheOracleAcceptsIt(@ForAll("domainLike") String domain) {
        check("domains", domain, draft(d -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), List.of(domain), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null)),
                isAllowedDomainEntry(domain));
    }

    @Property(tries = 400)
    void anApiHostIsAcceptedExactlyWhenTheOracleAcceptsIt(@ForAll("hostLike") String host) {
        check("apiHosts", host, draft(d -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, List.of(host), null, null, null)),
                isApiHost(host));
    }

    @Property(tries = 400)
    void aGraphTenantIsAcceptedExactlyWhenTheOracleAcceptsIt(@ForAll("tenantLike") String tenant) {
        check("tenantId", tenant, graph(tenant),
                isGuid(tenant) || isDomainName(tenant.toLowerCase(Locale.ROOT)) || Set.of("common", "organizations", "consumers").contains(tenant));
    }

    /** A GRAPH draft with explicit endpoints and no issuer, which every kind of tenant (also the multi-tenant ones) allows. */
    private static ConfigDraft graph(String tenant) {
        ConfigDraft d = OAuthConfigRulesTest.valid();
        return new ConfigDraft(d.name(), d.title(), ProviderType.GRAPH, d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), null,
                new ConfigDraft.Endpoints("https://login.example.com/authorize", "https://login.example.com/token", null, null, null, null),
                null, null, d.scopes(), null, null, null, tenant, null);
    }

    @Property(tries = 400)
    void aRedirectUrlIsAcceptedExactlyWhenTheOracleAcceptsIt(@ForAll("redirectUrls") UrlParts url) {
        check("redirectUrls", url.text(), draft(d -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), List.of(url.text()), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null)),
                url.isAllowedRedirect());
    }

    @Property(tries = 400)
    void anIssuerIsAcceptedExactlyWhenTheOracleAcceptsIt(@ForAll("providerUrls") UrlParts url) {
        check("issuer", url.text(), draft(d -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), url.text(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null)),
                url.isAllowedIssuer());
    }

    @Property(tries = 400)
    void anImageUrlIsAcceptedExactlyWhenTheOracleAcceptsIt(@ForAll("providerUrls") UrlParts url) {
        check("imageUrl", url.text(), draft(d -> new ConfigDraft(d.name(), d.title(), d.type(), url.text(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null)),
                url.isAllowedImageUrl());
    }

    /** Crash test with attribution: any text in any field ends accepted or in a 400 that names only that field. */
    @Property(tries = 300)
    void anyTextInAnyFieldNeverCrashesAndARefusalNamesOnlyThatField(@ForAll @StringLength(max = 300) String text, @ForAll("fields") int field) {
        ConfigDraft d = OAuthConfigRulesTest.valid();
        String name = FIELDS.get(field);
        ConfigDraft changed = switch (field) {
            case 0 -> new ConfigDraft(text, d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null);
            case 1 -> new ConfigDraft(d.name(), text, d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null);
            case 2 -> new ConfigDraft(d.name(), d.title(), d.type(), text, d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null);
            case 3 -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), List.of(text), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null);
            case 4 -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), List.of(text), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, null, null);
            case 5 -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), text, d.endpoints(), null, null, d.scopes(), null, null, null, null, null);
            case 6 -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, List.of("openid", text), null, null, null, null, null);
            case 7 -> new ConfigDraft(d.name(), d.title(), d.type(), d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, List.of(text), null, null, null);
            default -> new ConfigDraft(d.name(), d.title(), ProviderType.GRAPH, d.imageUrl(), d.loginHint(), d.domains(), d.redirectUrls(), d.clientId(), d.issuer(), d.endpoints(), null, null, d.scopes(), null, null, null, text, null);
        };
        try {
            rules.validate(changed, ORG_DOMAINS, SecretChange.KEEP);
        } catch (ProblemException e) {
            assertRefusalNamesOnly(name, e);
        }
    }

    private static final List<String> FIELDS = List.of("name", "title", "imageUrl", "domains", "redirectUrls", "issuer", "scopes", "apiHosts", "tenantId");

    @Provide
    Arbitrary<Integer> fields() {
        return Arbitraries.integers().between(0, FIELDS.size() - 1);
    }

    private static ConfigDraft draft(java.util.function.UnaryOperator<ConfigDraft> change) {
        return change.apply(OAuthConfigRulesTest.valid());
    }

    private void check(String field, String value, ConfigDraft draft, boolean oracleAccepts) {
        boolean accepted;
        try {
            rules.validate(draft, ORG_DOMAINS, SecretChange.KEEP);
            accepted = true;
        } catch (ProblemException e) {
            assertRefusalNamesOnly(field, e);
            accepted = false;
            if (oracleAccepts) {
                fail(field + " " + quoted(value) + " should be accepted but was refused: " + e.errors());
            }
        }
        if (accepted && !oracleAccepts) {
            fail(field + " " + quoted(value) + " should be refused but was accepted");
        }
        Statistics.label("outcome").collect(accepted ? "accepted" : "refused");
        Statistics.label("outcome").coverage(c -> {
            c.check("accepted").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
    }

    private static void assertRefusalNamesOnly(String field, ProblemException e) {
        assertEquals(400, e.type().status());
        assertFalse(e.errors().isEmpty());
        e.errors().forEach(err -> assertTrue(err.field().equals(field) || err.field().startsWith(field + "["),
                "a change of " + field + " is refused for " + err.field() + ": " + e.errors()));
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.append('"').toString();
    }

    // ---- the oracles: each rule stated again, in the words of the API documentation ----

    /** Present, not only white space, at most {@code max} characters, no C0/C1 control character. */
    private static boolean isText(String s, int max) {
        return s.length() <= max && s.chars().anyMatch(c -> !Character.isWhitespace(c))
                && s.chars().noneMatch(c -> c <= 0x1f || (c >= 0x7f && c <= 0x9f));
    }

    /** Labels joined by single dots; each label an ASCII letter followed by letters, digits, '_' or '-'. */
    private static boolean isDottedIdentifiers(String s) {
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || !isAsciiLetter(label.charAt(0))) {
                return false;
            }
            for (char c : label.toCharArray()) {
                if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-') {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** RFC 6749 scope-token: 1-256 printable ASCII characters other than space, '"' and '\'. */
    private static boolean isScopeToken(String s) {
        return !s.isEmpty() && s.length() <= 256 && s.chars().allMatch(c -> c > ' ' && c <= '~' && c != '"' && c != '\\');
    }

    /**
     * Case-insensitive, surrounding space ignored: '*', the organisation's domain acme.com, or '*.'
     * followed by acme.com or a subdomain of it.
     */
    private static boolean isAllowedDomainEntry(String raw) {
        String e = raw.trim().toLowerCase(Locale.ROOT);
        if (e.equals("*")) {
            return true;
        }
        String base = e.startsWith("*.") ? e.substring(2) : e;
        boolean covered = e.startsWith("*.") ? base.equals("acme.com") || base.endsWith(".acme.com") : base.equals("acme.com");
        return isDomainName(base) && covered;
    }

    /** A DNS name: at most 253 characters, two or more labels, the last starting with a letter. */
    private static boolean isDomainName(String s) {
        String[] labels = s.split("\\.", -1);
        if (s.length() > 253 || labels.length < 2 || !Character.isLetter(labels[labels.length - 1].isEmpty() ? '0' : labels[labels.length - 1].charAt(0))) {
            return false;
        }
        for (String label : labels) {
            if (!isHostLabel(label)) {
                return false;
            }
        }
        return true;
    }

    /** 1-63 of a-z, 0-9 and '-', neither first nor last a '-'. */
    private static boolean isHostLabel(String label) {
        return !label.isEmpty() && label.length() <= 63 && label.charAt(0) != '-' && label.charAt(label.length() - 1) != '-'
                && label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    }

    /** Case-insensitive, surrounding space ignored: [*.]label(.label)*[:port of 1-5 digits], at most 260 characters. */
    private static boolean isApiHost(String raw) {
        String h = raw.trim().toLowerCase(Locale.ROOT);
        if (h.isEmpty() || h.length() > 260) {
            return false;
        }
        String rest = h.startsWith("*.") ? h.substring(2) : h;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            String port = rest.substring(colon + 1);
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            rest = rest.substring(0, colon);
        }
        for (String label : rest.split("\\.", -1)) {
            if (!isHostLabel(label)) {
                return false;
            }
        }
        return true;
    }

    /** 8-4-4-4-12 hexadecimal digits. */
    private static boolean isGuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }

    /** scheme, "://" + authority + "/" or ":/", path, tail: built from parts whose validity is known, so the oracle never parses a URL. */
    record UrlParts(String scheme, String separator, String authority, String path, String tail) {
        String text() {
            return scheme + separator + authority + (hasAuthority() ? "/" : "") + path + tail;
        }

        private boolean hasAuthority() {
            return separator.equals("://");
        }

        private boolean clean() {
            return !tail.startsWith("#") && !(hasAuthority() && authority.contains("@"));
        }

        /** https with a host, or an app's own scheme (not a web, script or file scheme); no fragment, no user@. */
        boolean isAllowedRedirect() {
            String s = scheme.toLowerCase(Locale.ROOT);
            if (!clean() || !isAsciiLetter(scheme.charAt(0))) {
                return false;
            }
            if (s.equals("https")) {
                return hasAuthority() && !authority.isEmpty();
            }
            return !Set.of("http", "javascript", "data", "file", "ws", "ftp").contains(s);
        }

        /** https, a public host, no query, no fragment, no user@. */
        boolean isAllowedIssuer() {
            return scheme.equalsIgnoreCase("https") && hasAuthority() && clean() && tail.isEmpty()
                    && Set.of("idp.example.com", "93.184.215.14").contains(authority);
        }

        /** https with any host; a query is fine; no fragment, no user@. */
        boolean isAllowedImageUrl() {
            return scheme.equalsIgnoreCase("https") && hasAuthority() && !authority.isEmpty() && clean();
        }
    }

    // ---- generators: mostly near the rule's edges, some anything ----

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("Acme sign-in é\t\u0001\u0085").ofMaxLength(110),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(95).ofMaxLength(105),
                Arbitraries.strings().ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> titleLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ9_-. \u0001é").ofMaxLength(12),
                Arbitraries.strings().withChars("abc.").ofMinLength(120).ofMaxLength(135),
                Arbitraries.strings().ofMaxLength(10));
    }

    @Provide
    Arbitrary<String> scopeLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ap:/._ \"\\~!\u007fé").ofMaxLength(10),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(250).ofMaxLength(260),
                Arbitraries.of("openid", "profile", "api.read"),
                Arbitraries.strings().ofMaxLength(10));
    }

    @Provide
    Arbitrary<String> domainLike() {
        Arbitrary<String> label = Arbitraries.of("acme", "ACME", "com", "sub", "x", "-a", "a-", "", "evil", "acmecom", "1a", "é");
        Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
        return Arbitraries.oneOf(
                Arbitraries.of("", "*", "**", "*.", " "),
                Arbitraries.of("", "*.", "*", " ").flatMap(prefix -> name.map(n -> prefix + n)),
                Arbitraries.of("acme.com", "*.acme.com", " Sub.ACME.com ", "*.x.acme.com", "evilacme.com", "*.com", "acme.com."));
    }

    @Provide
    Arbitrary<String> hostLike() {
        Arbitrary<String> label = Arbitraries.of("api", "ACME", "com", "x", "-a", "a-", "", "a_b", "1");
        Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
        Arbitrary<String> port = Arbitraries.of("", ":443", ":8080", ":", ":123456", ":8a");
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("", "*.", "*", " ", "https://"), name, port, Arbitraries.of("", "/path", " "))
                        .as((a, b, c, d) -> a + b + c + d),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(255).ofMaxLength(265).map(s -> s.substring(0, 60) + "." + s.substring(60)),
                Arbitraries.strings().ofMaxLength(10));
    }

    @Provide
    Arbitrary<String> tenantLike() {
        return Arbitraries.oneOf(
                Arbitraries.create(() -> java.util.UUID.randomUUID().toString()),
                Arbitraries.create(() -> java.util.UUID.randomUUID().toString().toUpperCase(Locale.ROOT)),
                Arbitraries.create(() -> java.util.UUID.randomUUID().toString()).flatMap(g ->
                        Arbitraries.integers().between(0, 35).map(i -> g.substring(0, i) + "g" + g.substring(i + 1))),
                Arbitraries.of("common", "organizations", "consumers", "Common", "contoso.onmicrosoft.com", "CONTOSO.com",
                        "contoso", "", " ", "contoso..com"),
                Arbitraries.strings().ofMaxLength(12));
    }

    @Provide
    Arbitrary<UrlParts> redirectUrls() {
        return Combinators.combine(
                Arbitraries.of("https", "HTTPS", "http", "javascript", "data", "com.acme.app", "my-app+x", "1app", "Com.Acme.App"),
                Arbitraries.of("://", ":/"),
                Arbitraries.of("app.acme.com", "user@app.acme.com", ""),
                Arbitraries.of("cb", "oauth2redirect"),
                Arbitraries.of("", "?x=1", "#frag"))
                .as((scheme, sep, authority, path, tail) -> new UrlParts(scheme, sep, sep.equals("://") ? authority : "", path, tail));
    }

    @Provide
    Arbitrary<UrlParts> providerUrls() {
        return Combinators.combine(
                Arbitraries.of("https", "HTTPS", "http", "ftp"),
                Arbitraries.of("://"),
                Arbitraries.of("idp.example.com", "93.184.215.14", "10.0.0.1", "127.0.0.1", "169.254.169.254", "localhost",
                        "idp.internal", "user@idp.example.com"),
                Arbitraries.of("", "realms/acme"),
                Arbitraries.of("", "?x=1", "#frag"))
                .as(UrlParts::new);
    }

    @Property(tries = 200)
    void aRejectedSecretIsNeverEchoed(@ForAll @StringLength(min = 1025, max = 1100) String secret) {
        try {
            rules.validate(OAuthConfigRulesTest.valid(), ORG_DOMAINS, SecretChange.set(secret));
        } catch (ProblemException e) {
            assertRefusalNamesOnly("clientSecret", e);
            assertFalse(e.getMessage().contains(secret));
            e.errors().forEach(err -> assertFalse(err.rule().contains(secret)));
            return;
        }
        throw new AssertionError("a secret over 1024 characters was accepted");
    }

    @Property(tries = 300)
    void generatedIdentifiersAreValidTitles(@ForAll("titles") String title) {
        ConfigDraft d = OAuthConfigRulesTest.valid();
        ConfigDraft changed = new ConfigDraft(d.name(), title, d.type(), null, null, List.of(), d.redirectUrls(), null,
                null, new ConfigDraft.Endpoints("https://1.1.1.1/a", "https://1.1.1.1/t", null, "https://1.1.1.1/j", null, null),
                null, null, d.scopes(), null, null, null, null, null);
        assertEquals(title, rules.validate(changed, Set.of(), SecretChange.KEEP).title());
    }

    @Provide
    Arbitrary<String> titles() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofLength(1)
                .flatMap(first -> Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_', '-')
                        .ofMaxLength(10).map(rest -> first + rest));
        return label.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts)).filter(t -> t.length() <= 128);
    }

    @Property(tries = 300)
    void subdomainWildcardMatchesEverySubdomainButNeverTheApexOrASuffixLookalike(@ForAll("labels") String sub,
                                                                                @ForAll("labels") String base) {
        String domain = base + ".com";
        assertTrue(DomainPatterns.match("*." + domain, sub + "." + domain).isPresent());
        assertFalse(DomainPatterns.match("*." + domain, domain).isPresent());
        assertFalse(DomainPatterns.match("*." + domain, sub + domain).isPresent());
    }

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
    }
}

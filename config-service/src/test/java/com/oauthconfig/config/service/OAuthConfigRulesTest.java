package com.oauthconfig.config.service;

import com.oauthconfig.common.problem.FieldError;
import com.oauthconfig.common.problem.ProblemException;
import com.oauthconfig.config.repository.ProviderType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OAuthConfigRulesTest {

    private static final Set<String> ORG_DOMAINS = Set.of("acme.com", "partners.acme.com", "acme.io");
    /** Public addresses for the names the tests use; everything else "does not resolve". */
    private static final Map<String, String> DNS = Map.of(
            "idp.example.com", "93.184.216.34",
            "login.microsoftonline.com", "20.190.160.1",
            "acme.okta.com", "52.1.2.3",
            "acme.eu.auth0.com", "52.4.5.6",
            "internal.acme.com", "10.1.2.3",
            "rebind.acme.com", "169.254.169.254");

    private final OAuthConfigRules strict = new OAuthConfigRules(false, OAuthConfigRulesTest::resolve);
    private final OAuthConfigRules lenient = new OAuthConfigRules(true, host -> {
        throw new AssertionError("no DNS when private endpoints are allowed");
    });

    private static List<InetAddress> resolve(String host) {
        String ip = DNS.get(host);
        try {
            return ip == null ? List.of() : List.of(InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConfigDraft valid() {
        return new ConfigDraft("Acme sign-in", "acme.oauth.token", ProviderType.OPENID, null, null, List.of("acme.com"),
                List.of("com.acme.app:/oauth2redirect"), "client-1", "https://idp.example.com", null, null, null,
                List.of("openid", "profile"), null, null, null, null, null);
    }

    private static ConfigDraft with(UnaryOperator<Builder> change) {
        return change.apply(new Builder(valid())).build();
    }

    private List<FieldError> errorsOf(OAuthConfigRules rules, ConfigDraft d, SecretChange secret) {
        ProblemException e = assertThrows(ProblemException.class, () -> rules.validate(d, ORG_DOMAINS, secret));
        assertEquals(400, e.type().status());
        return e.errors();
    }

    private List<FieldError> errorsOf(ConfigDraft d) {
        return errorsOf(strict, d, SecretChange.KEEP);
    }

    private static void assertNames(List<FieldError> errors, String field, String ruleFragment) {
        assertTrue(errors.stream().anyMatch(e -> e.field().equals(field) && e.rule().contains(ruleFragment)),
                "expected " + field + " ~ '" + ruleFragment + "' in " + errors);
    }

    @Test
    void validDraftPassesAndGetsDefaults() {
        ConfigDraft out = strict.validate(valid(), ORG_DOMAINS, SecretChange.KEEP);
        assertTrue(out.usePkce());
        assertTrue(out.useNonce());
        assertFalse(out.ssoEnabled());
        assertEquals(List.of(), out.apiHosts());
    }

    @Test
    void explicitFalseFlagsAreKept() {
        ConfigDraft out = strict.validate(with(b -> b.usePkce(false).useNonce(false)), ORG_DOMAINS, SecretChange.KEEP);
        assertFalse(out.usePkce());
        assertFalse(out.useNonce());
    }

    @Test
    void missingRequiredFieldsAreAllReportedAtOnce() {
        ConfigDraft empty = new ConfigDraft(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
        List<FieldError> errors = errorsOf(empty);
        assertNames(errors, "name", "required");
        assertNames(errors, "title", "required");
        assertNames(errors, "type", "required");
        assertNames(errors, "redirectUrls", "at least one");
        assertNames(errors, "scopes", "at least one");
        assertNames(errors, "endpoints.authorization", "when no issuer");
        assertNames(errors, "endpoints.token", "when no issuer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme.oauth.token", "jigx.organizationName.oauth.token", "a", "A_b-c.d1", "x.y.z.w"})
    void titleIdentifiersAreAccepted(String title) {
        strict.validate(with(b -> b.title(title)), ORG_DOMAINS, SecretChange.KEEP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1acme", "acme..token", ".acme", "acme.", "acme token", "acme/token", "ac$me", "acme.1x", "é.token"})
    void titleOutsideTheIdentifierPatternIsRefused(String title) {
        assertNames(errorsOf(with(b -> b.title(title))), "title", "dot-separated identifiers");
    }

    @Test
    void titleLongerThan128IsRefused() {
        assertNames(errorsOf(with(b -> b.title("a".repeat(129)))), "title", "at most 128");
    }

    @Test
    void nameRules() {
        assertNames(errorsOf(with(b -> b.name("  "))), "name", "blank");
        assertNames(errorsOf(with(b -> b.name("x".repeat(101)))), "name", "at most 100");
        assertNames(errorsOf(with(b -> b.name("bad\u0007name"))), "name", "control");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://img.example.com/a.png", "javascript:alert(1)", "img.png", "https:///x.png", "https://img.example.com/a.png#x"})
    void imageUrlMustBeHttpsWithHost(String url) {
        assertTrue(errorsOf(with(b -> b.imageUrl(url))).stream().anyMatch(e -> e.field().equals("imageUrl")));
    }

    @Test
    void loginHintIsBounded() {
        assertNames(errorsOf(with(b -> b.loginHint("h".repeat(257)))), "loginHint", "at most 256");
        strict.validate(with(b -> b.loginHint("user@acme.com")), ORG_DOMAINS, SecretChange.KEEP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.acme.com/callback", "com.acme.app:/oauth2redirect", "acmeapp://callback",
            "msauth.com.acme.app://auth"})
    void redirectUrlsMayBeHttpsOrCustomScheme(String url) {
        strict.validate(with(b -> b.redirectUrls(List.of(url))), ORG_DOMAINS, SecretChange.KEEP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.acme.com/callback", "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
            "/relative/callback", "https://app.acme.com/callback#frag", "com.acme.app:/cb#", "https://user@app.acme.com/cb", "not a url"})
    void badRedirectUrlsAreRefused(String url) {
        assertTrue(errorsOf(with(b -> b.redirectUrls(List.of(url)))).stream().anyMatch(e -> e.field().equals("redirectUrls[0]")),
                url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8082/sso/callback", "http://127.0.0.1:9/cb", "http://[::1]/cb"})
    void httpRedirectUrlsToThisMachineAreAcceptedOnlyWhilePrivateEndpointsAreAllowed(String url) {
        ConfigDraft d = with(b -> b.redirectUrls(List.of(url)));
        assertEquals(List.of(url), lenient.validate(d, ORG_DOMAINS, SecretChange.KEEP).redirectUrls());
        assertNames(errorsOf(d), "redirectUrls[0]", "https or an app's custom scheme");
        assertNames(errorsOf(lenient, with(b -> b.redirectUrls(List.of("http://app.acme.com/callback"))), SecretChange.KEEP),
                "redirectUrls[0]", "https or an app's custom scheme");
    }

    @Test
    void duplicateOrTooManyRedirectUrlsAreRefused() {
        assertNames(errorsOf(with(b -> b.redirectUrls(List.of("a.b:/x", "a.b:/x")))), "redirectUrls[1]", "twice");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("a.b:/x" + i);
        }
        assertNames(errorsOf(with(b -> b.redirectUrls(many))), "redirectUrls", "at most 20");
    }

    @Test
    void domainsMustBeRegisteredOrWildcards() {
        ConfigDraft ok = strict.validate(with(b -> b.domains(List.of("ACME.com", "*.acme.io", "*.partners.acme.com", "*.eu.acme.com", "*"))),
                ORG_DOMAINS, SecretChange.KEEP);
        assertEquals(List.of("acme.com", "*.acme.io", "*.partners.acme.com", "*.eu.acme.com", "*"), ok.domains());
        assertNames(errorsOf(with(b -> b.domains(List.of("evil.com")))), "domains[0]", "not a registered domain");
        assertNames(errorsOf(with(b -> b.domains(List.of("sub.acme.com")))), "domains[0]", "not a registered domain");
        assertNames(errorsOf(with(b -> b.domains(List.of("*.evil.com")))), "domains[0]", "not a registered domain");
        assertNames(errorsOf(with(b -> b.domains(List.of("*.com")))), "domains[0]", "must be '*'");
        assertNames(errorsOf(with(b -> b.domains(List.of("a.*.acme.com")))), "domains[0]", "must be '*'");
        assertNames(errorsOf(with(b -> b.domains(List.of("**")))), "domains[0]", "must be '*'");
        assertNames(errorsOf(with(b -> b.domains(List.of("acme.com", "Acme.com")))), "domains[1]", "twice");
        assertNames(errorsOf(with(b -> b.domains(Arrays.asList("acme.com", null)))), "domains[1]", "empty");
    }

    @Test
    void issuerOrAuthorizationAndTokenEndpointsAreRequired() {
        List<FieldError> onlyAuth = errorsOf(with(b -> b.issuer(null).endpoints(new ConfigDraft.Endpoints(
                "https://idp.example.com/authorize", null, null, "https://idp.example.com/jwks", null, null))));
        assertNames(onlyAuth, "endpoints.token", "when no issuer");
        assertFalse(onlyAuth.stream().anyMatch(e -> e.field().equals("endpoints.authorization")));
        strict.validate(with(b -> b.issuer(null).endpoints(new ConfigDraft.Endpoints("https://idp.example.com/authorize",
                "https://idp.example.com/token", null, "https://idp.example.com/jwks", null, null))), ORG_DOMAINS, SecretChange.KEEP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://idp.example.com", "https://idp.example.com?x=1", "https://idp.example.com#f", "idp.example.com",
            "ftp://idp.example.com"})
    void issuerMustBeHttpsWithoutQueryOrFragment(String issuer) {
        assertTrue(errorsOf(with(b -> b.issuer(issuer))).stream().anyMatch(e -> e.field().equals("issuer")), issuer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/", "https://10.0.0.8", "https://192.168.1.1", "https://172.16.0.1",
            "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fd00:ec2::254]/", "https://[::ffff:127.0.0.1]/",
            "https://0.0.0.0/", "https://100.64.0.1/", "https://localhost/", "https://api.localhost/", "https://metadata.google.internal/",
            "https://internal.acme.com/", "https://rebind.acme.com/", "https://2130706433/", "https://nowhere.example.org/"})
    void issuerMayNotPointAtLoopbackPrivateLinkLocalOrMetadata(String issuer) {
        assertTrue(errorsOf(with(b -> b.issuer(issuer))).stream().anyMatch(e -> e.field().equals("issuer")), issuer);
    }

    @Test
    void endpointsAreCheckedForSsrfToo() {
        assertNames(errorsOf(with(b -> b.endpoints(new ConfigDraft.Endpoints(null, "https://10.0.0.1/token", null, null, null, null)))),
                "endpoints.token", "private");
        assertNames(errorsOf(with(b -> b.endpoints(new ConfigDraft.Endpoints(null, null, null, "https://169.254.169.254/jwks", null, null)))),
                "endpoints.jwks", "link-local");
    }

    @Test
    void privateAndHttpEndpointsAreAllowedWhenConfigured() {
        lenient.validate(with(b -> b.issuer("http://localhost:8090/platform")), ORG_DOMAINS, SecretChange.KEEP);
        lenient.validate(with(b -> b.issuer("https://10.0.0.1/")), ORG_DOMAINS, SecretChange.KEEP);
        List<FieldError> errors = errorsOf(lenient, with(b -> b.issuer("ftp://localhost/")), SecretChange.KEEP);
        assertNames(errors, "issuer", "http(s)");
    }

    @Test
    void scopesMustBeExplicitTokens() {
        assertNames(errorsOf(with(b -> b.scopes(List.of()))), "scopes", "at least one");
        assertNames(errorsOf(with(b -> b.scopes(List.of("openid", "two words")))), "scopes[1]", "scope token");
        assertNames(errorsOf(with(b -> b.scopes(List.of("openid", "q\"uote")))), "scopes[1]", "scope token");
        assertNames(errorsOf(with(b -> b.scopes(List.of("openid", "openid")))), "scopes[1]", "twice");
        strict.validate(with(b -> b.scopes(List.of("openid", "https://graph.microsoft.com/.default", "offline_access"))),
                ORG_DOMAINS, SecretChange.KEEP);
    }

    @Test
    void clientIdAndSecretAreBoundedPrintableAscii() {
        assertNames(errorsOf(with(b -> b.clientId("x".repeat(257)))), "clientId", "at most 256");
        assertNames(errorsOf(with(b -> b.clientId("clïent"))), "clientId", "printable ASCII");
        List<FieldError> errors = errorsOf(strict, valid(), SecretChange.set("x".repeat(1025)));
        assertNames(errors, "clientSecret", "1-1024");
        assertNames(errorsOf(strict, valid(), SecretChange.set("")), "clientSecret", "1-1024");
        strict.validate(valid(), ORG_DOMAINS, SecretChange.set("a-real-secret~value"));
    }

    @Test
    void secretValueNeverAppearsInErrors() {
        String secret = "TOP-SECRET-\u0001-VALUE";
        ProblemException e = assertThrows(ProblemException.class, () -> strict.validate(valid(), ORG_DOMAINS, SecretChange.set(secret)));
        assertFalse(e.getMessage().contains("TOP-SECRET"));
        assertFalse(e.errors().toString().contains("TOP-SECRET"));
        assertFalse(SecretChange.set(secret).toString().contains("TOP-SECRET"));
    }

    @Test
    void apiHostsAreHostNames() {
        ConfigDraft ok = strict.validate(with(b -> b.apiHosts(List.of("API.acme.com", "*.acme.io", "graph.microsoft.com:443"))),
                ORG_DOMAINS, SecretChange.KEEP);
        assertEquals(List.of("api.acme.com", "*.acme.io", "graph.microsoft.com:443"), ok.apiHosts());
        assertNames(errorsOf(with(b -> b.apiHosts(List.of("https://api.acme.com")))), "apiHosts[0]", "host name");
        assertNames(errorsOf(with(b -> b.apiHosts(List.of("api.acme.com/path")))), "apiHosts[0]", "host name");
    }

    @Test
    void ssoNeedsDomainsAndOpenidScope() {
        assertNames(errorsOf(with(b -> b.ssoEnabled(true).domains(List.of()))), "domains", "ssoEnabled");
        List<FieldError> errors = errorsOf(with(b -> b.type(ProviderType.GRAPH).tenantId("acme.com").issuer(null)
                .endpoints(new ConfigDraft.Endpoints("https://login.microsoftonline.com/acme.com/oauth2/v2.0/authorize",
                        "https://login.microsoftonline.com/acme.com/oauth2/v2.0/token", null, null, null, null))
                .scopes(List.of("User.Read")).ssoEnabled(true)));
        assertNames(errors, "scopes", "ssoEnabled");
        // The sign-in's ID token is held to the issuer: without one, any provider could vouch for the person.
        assertNames(errors, "issuer", "ssoEnabled");
        assertTrue(strict.validate(with(b -> b.ssoEnabled(true)), ORG_DOMAINS, SecretChange.KEEP).ssoEnabled(), "with an issuer it is valid");
    }

    @Test
    void emailAuthorityIsAllowedWithSsoAndTheOrganisationsOwnDomains() {
        ConfigDraft out = strict.validate(with(b -> b.ssoEnabled(true).ssoEmailAuthoritative(true)
                .domains(List.of("acme.com", "partners.acme.com"))), ORG_DOMAINS, SecretChange.KEEP);
        assertTrue(out.ssoEmailAuthoritative());
        assertFalse(strict.validate(with(b -> b.ssoEnabled(true)), ORG_DOMAINS, SecretChange.KEEP).ssoEmailAuthoritative(),
                "absent means the provider is not authoritative");
    }

    @Test
    void emailAuthorityNeedsSso() {
        assertNames(errorsOf(with(b -> b.ssoEmailAuthoritative(true))), "ssoEmailAuthoritative", "ssoEnabled");
        assertNames(errorsOf(with(b -> b.ssoEnabled(false).ssoEmailAuthoritative(true))), "ssoEmailAuthoritative", "ssoEnabled");
    }

    @Test
    void emailAuthorityIsRefusedForWildcardDomains() {
        for (List<String> domains : List.of(List.of("*"), List.of("acme.com", "*.acme.com"), List.of("*.partners.acme.com"))) {
            List<FieldError> errors = errorsOf(with(b -> b.ssoEnabled(true).ssoEmailAuthoritative(true).domains(domains)));
            assertNames(errors, "ssoEmailAuthoritative", "no '*' or '*.' pattern");
        }
    }

    // ------------------------------------------------------------------ provider-specific rules

    @Test
    void openIdNeedsOpenidScopeAndJwksWithoutIssuer() {
        assertNames(errorsOf(with(b -> b.scopes(List.of("profile")))), "scopes", "'openid' for OPENID");
        assertNames(errorsOf(with(b -> b.issuer(null).endpoints(new ConfigDraft.Endpoints("https://idp.example.com/a",
                "https://idp.example.com/t", null, null, null, null)))), "endpoints.jwks", "OPENID");
    }

    @Test
    void graphNeedsTenantAndMatchingAuthorityUrls() {
        UnaryOperator<Builder> graph = b -> b.type(ProviderType.GRAPH)
                .issuer("https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0")
                .tenantId("8eaef023-2b34-4da1-9baa-8bc8c9d6a490").scopes(List.of("openid", "User.Read"));
        strict.validate(with(graph), ORG_DOMAINS, SecretChange.KEEP);
        assertNames(errorsOf(with(b -> graph.apply(b).tenantId(null))), "tenantId", "required for GRAPH");
        assertNames(errorsOf(with(b -> graph.apply(b).tenantId("not a tenant"))), "tenantId", "directory GUID");
        assertNames(errorsOf(with(b -> graph.apply(b).tenantId("acme.onmicrosoft.com"))), "issuer", "/acme.onmicrosoft.com/v2.0");
        assertNames(errorsOf(with(b -> graph.apply(b).issuer("https://login.microsoftonline.com/common/v2.0").tenantId("common"))),
                "issuer", "must be omitted");
        assertNames(errorsOf(with(b -> graph.apply(b).audience("api://x"))), "audience", "GRAPH");
        assertNames(errorsOf(with(b -> graph.apply(b).issuer(null).endpoints(new ConfigDraft.Endpoints(
                "https://login.microsoftonline.com/other/oauth2/v2.0/authorize",
                "https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/oauth2/v2.0/token", null, null, null, null)))),
                "endpoints.authorization", "/oauth2/v2.0/authorize");
        strict.validate(with(b -> graph.apply(b).tenantId("organizations").issuer(null).endpoints(new ConfigDraft.Endpoints(
                "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize",
                "https://login.microsoftonline.com/organizations/oauth2/v2.0/token", null, null, null, null))), ORG_DOMAINS, SecretChange.KEEP);
    }

    @Test
    void tenantIdOnlyForGraph() {
        assertNames(errorsOf(with(b -> b.tenantId("8eaef023-2b34-4da1-9baa-8bc8c9d6a490"))), "tenantId", "only to type GRAPH");
    }

    @Test
    void oktaNeedsAnIssuerOfOktaShape() {
        UnaryOperator<Builder> okta = b -> b.type(ProviderType.OKTA).issuer("https://acme.okta.com/oauth2/default");
        strict.validate(with(okta), ORG_DOMAINS, SecretChange.KEEP);
        strict.validate(with(b -> okta.apply(b).issuer("https://acme.okta.com")), ORG_DOMAINS, SecretChange.KEEP);
        assertNames(errorsOf(with(b -> okta.apply(b).issuer("https://acme.okta.com/oauth2/default/"))), "issuer", "trailing slash");
        assertNames(errorsOf(with(b -> okta.apply(b).issuer("https://acme.okta.com/somewhere"))), "issuer", "oauth2");
        assertNames(errorsOf(with(b -> okta.apply(b).issuer(null).endpoints(new ConfigDraft.Endpoints(
                "https://acme.okta.com/oauth2/v1/authorize", "https://acme.okta.com/oauth2/v1/token", null, null, null, null)))),
                "issuer", "required for OKTA");
        assertNames(errorsOf(with(b -> okta.apply(b).audience("api://default"))), "audience", "OKTA");
    }

    @Test
    void auth0NeedsAudienceAndTrailingSlashIssuer() {
        UnaryOperator<Builder> auth0 = b -> b.type(ProviderType.AUTH0).issuer("https://acme.eu.auth0.com/").audience("https://api.acme.com");
        strict.validate(with(auth0), ORG_DOMAINS, SecretChange.KEEP);
        assertNames(errorsOf(with(b -> auth0.apply(b).audience(null))), "audience", "required for AUTH0");
        assertNames(errorsOf(with(b -> auth0.apply(b).issuer("https://acme.eu.auth0.com"))), "issuer", "end with '/'");
    }

    /** Mutable helper to derive drafts from {@link #valid()}. */
    static final class Builder {
        String name, title, imageUrl, loginHint, clientId, issuer, audience, tenantId;
        ProviderType type;
        List<String> domains, redirectUrls, scopes, apiHosts;
        ConfigDraft.Endpoints endpoints;
        Boolean usePkce, useNonce, ssoEnabled, ssoEmailAuthoritative;

        Builder(ConfigDraft d) {
            name = d.name(); title = d.title(); type = d.type(); imageUrl = d.imageUrl(); loginHint = d.loginHint();
            domains = d.domains(); redirectUrls = d.redirectUrls(); clientId = d.clientId(); issuer = d.issuer();
            endpoints = d.endpoints(); usePkce = d.usePkce(); useNonce = d.useNonce(); scopes = d.scopes();
            ssoEnabled = d.ssoEnabled(); apiHosts = d.apiHosts(); audience = d.audience(); tenantId = d.tenantId();
            ssoEmailAuthoritative = d.ssoEmailAuthoritative();
        }

        Builder name(String v) { name = v; return this; }
        Builder title(String v) { title = v; return this; }
        Builder type(ProviderType v) { type = v; return this; }
        Builder imageUrl(String v) { imageUrl = v; return this; }
        Builder loginHint(String v) { loginHint = v; return this; }
        Builder domains(List<String> v) { domains = v; return this; }
        Builder redirectUrls(List<String> v) { redirectUrls = v; return this; }
        Builder clientId(String v) { clientId = v; return this; }
        Builder issuer(String v) { issuer = v; return this; }
        Builder endpoints(ConfigDraft.Endpoints v) { endpoints = v; return this; }
        Builder usePkce(Boolean v) { usePkce = v; return this; }
        Builder useNonce(Boolean v) { useNonce = v; return this; }
        Builder scopes(List<String> v) { scopes = v; return this; }
        Builder ssoEnabled(Boolean v) { ssoEnabled = v; return this; }
        Builder ssoEmailAuthoritative(Boolean v) { ssoEmailAuthoritative = v; return this; }
        Builder apiHosts(List<String> v) { apiHosts = v; return this; }
        Builder audience(String v) { audience = v; return this; }
        Builder tenantId(String v) { tenantId = v; return this; }

        ConfigDraft build() {
            return new ConfigDraft(name, title, type, imageUrl, loginHint, domains, redirectUrls, clientId, issuer, endpoints,
                    usePkce, useNonce, scopes, ssoEnabled, apiHosts, audience, tenantId, ssoEmailAuthoritative);
        }
    }
}

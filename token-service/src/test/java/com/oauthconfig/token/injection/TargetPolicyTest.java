package com.oauthconfig.token.injection;

import com.oauthconfig.common.problem.ProblemException;
import java.util.UUID;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.ProviderType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Target rules with production settings (https only, no private addresses) and apiHosts matching. */
class TargetPolicyTest {

    static final TargetPolicy PRODUCTION = new TargetPolicy(settings(false, false),
            new com.oauthconfig.common.egress.EgressAddresses(new com.oauthconfig.common.egress.DnsResolver()));

    @ParameterizedTest
    @ValueSource(strings = {"http://api.example.com/x", "https://user:pw@api.example.com/x", "https://127.0.0.1/x",
            "https://[::1]/x", "https://169.254.169.254/latest/meta-data", "https://[fd00:ec2::254]/x", "https://10.0.0.8/x",
            "https://172.16.4.4/x", "https://100.64.1.1/x", "https://localhost/x", "https://metadata.google.internal/x",
            "https://0.0.0.0/x"})
    void productionRefusesInsecureAndPrivateTargets(String url) {
        FunctionCallException e = assertThrows(FunctionCallException.class,
                () -> PRODUCTION.checkAddress(URI.create(url)).await().atMost(Duration.ofSeconds(10)));
        assertEquals(FunctionError.FunctionNotAllowedError, e.error());
        assertEquals(false, e.getMessage().contains("pw"));
    }

    @Test
    void aHostNameIsJudgedByTheAddressItResolvesTo() throws Exception {
        // The machine's own name: not a literal, so only the DNS check can judge it.
        String name = java.net.InetAddress.getLocalHost().getHostName();
        boolean privateTarget = false;
        for (java.net.InetAddress a : java.net.InetAddress.getAllByName(name)) {
            privateTarget |= com.oauthconfig.common.egress.PrivateAddressPolicy.isPrivate(a);
        }
        URI target = URI.create("https://" + name + "/x");
        if (privateTarget) {
            FunctionCallException e = assertThrows(FunctionCallException.class,
                    () -> PRODUCTION.checkAddress(target).await().atMost(Duration.ofSeconds(10)));
            assertEquals(FunctionError.FunctionNotAllowedError, e.error());
        } else {
            assertEquals(target, PRODUCTION.checkAddress(target).await().atMost(Duration.ofSeconds(10)).uri());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a url", "/relative/path", "ftp://files.example.com/x", "mailto:a@b.c", "https:///nohost"})
    void malformedUrlsAreBadInputNamingTheField(String url) {
        ProblemException e = assertThrows(ProblemException.class, () -> PRODUCTION.parse(url));
        assertEquals("url", e.errors().get(0).field());
    }

    @Test
    void aUrlParsedBeforeIsAnsweredWithTheSameUriAndBadOnesStayBadInput() {
        TargetPolicy policy = new TargetPolicy(settings(false, false), null);
        URI first = policy.parse("https://api.example.com/v1/items?page=2");
        assertSame(first, policy.parse("https://api.example.com/v1/items?page=2"));
        assertEquals(URI.create("https://api.example.com/v1/items?page=2"), first);
        assertNotSame(first, policy.parse("https://api.example.com/v1/items?page=3"));
        for (int i = 0; i < 2; i++) {
            assertEquals("url", assertThrows(ProblemException.class, () -> policy.parse("/relative/path")).errors().get(0).field());
        }
        // A URL with credentials in it is refused by the address rules; it is parsed each time and never kept.
        URI withUser = policy.parse("https://user:pw@api.example.com/x");
        assertNotSame(withUser, policy.parse("https://user:pw@api.example.com/x"));
        // Nor is a long one: what callers send cannot grow the cache beyond a bounded size.
        String longUrl = "https://api.example.com/" + "a".repeat(TargetPolicy.MAX_REMEMBERED_URL);
        assertNotSame(policy.parse(longUrl), policy.parse(longUrl));
    }

    @ParameterizedTest
    @CsvSource({
            "api.example.com, https://api.example.com/v1, true",
            "API.Example.com, https://api.example.com/v1, true",
            "api.example.com, https://evil.example.com/v1, false",
            "api.example.com, https://api.example.com.evil.net/v1, false",
            "*.example.com, https://eu.api.example.com/v1, true",
            "*.example.com, https://example.com/v1, false",
            "*.example.com, https://badexample.com/v1, false",
            "api.example.com:8443, https://api.example.com:8443/x, true",
            "api.example.com:8443, https://api.example.com/x, false",
            "api.example.com:443, https://api.example.com/x, true",
            "https://api.example.com/base, https://api.example.com/other, true",
            "https://api.example.com:9443, https://api.example.com/other, false"})
    void apiHostsEntriesMatchHostsPortsAndSubdomainWildcards(String entry, String target, boolean allowed) {
        assertEquals(allowed, TargetPolicy.matches(entry, URI.create(target)));
    }

    @Test
    void aConfigWithoutApiHostsAllowsAnyHostAndOneWithThemOnlyThose() {
        InternalOAuthConfig open = config(List.of());
        InternalOAuthConfig restricted = config(List.of("api.example.com"));
        PRODUCTION.checkApiHosts(URI.create("https://anything.example.org/x"), open);
        PRODUCTION.checkApiHosts(URI.create("https://api.example.com/x"), restricted);
        FunctionCallException e = assertThrows(FunctionCallException.class,
                () -> PRODUCTION.checkApiHosts(URI.create("https://anything.example.org/x"), restricted));
        assertEquals(FunctionError.FunctionNotAllowedError, e.error());
    }

    @Test
    void queryParametersAreEncodedAndAppended() {
        assertEquals("https://h.example/p?a=1&q=x%20y%26z%3D1",
                FunctionExecutor.withQuery(URI.create("https://h.example/p?a=1"), Map.of("q", "x y&z=1")).toString());
    }

    private static InternalOAuthConfig config(List<String> apiHosts) {
        return new InternalOAuthConfig(UUID.fromString("00000000-0000-4000-8000-000000000001"), "org", 1, "n", "t", ProviderType.OKTA, "c", null, null, null, true, true,
                List.of(), List.of(), null, apiHosts, null, null, false, false, null);
    }

    private static TokenServiceConfig settings(boolean allowPrivate, boolean allowHttp) {
        return (TokenServiceConfig) Proxy.newProxyInstance(TargetPolicyTest.class.getClassLoader(),
                new Class<?>[] {TokenServiceConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "allowPrivateTargets" -> allowPrivate;
                    case "allowHttpTargets" -> allowHttp;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

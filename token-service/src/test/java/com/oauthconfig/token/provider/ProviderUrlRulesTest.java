package com.oauthconfig.token.provider;

import com.oauthconfig.token.config.TokenServiceConfig;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SSRF rules on provider URLs with production settings (https only, no private addresses). */
class ProviderUrlRulesTest {

    static Vertx vertx;
    static ProviderHttpClient client;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        client = new ProviderHttpClient(vertx, production(),
                new com.oauthconfig.common.egress.EgressAddresses(new com.oauthconfig.common.egress.DnsResolver()),
                io.opentelemetry.api.OpenTelemetry.noop(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://idp.example/token", "https://127.0.0.1/token", "https://10.1.2.3/token",
            "https://169.254.169.254/latest/meta-data", "https://[::1]/token", "https://[fd00::1]/token",
            "https://100.64.0.1/token", "https://localhost/token", "https://metadata.google.internal/x",
            "https://user:pw@idp.example/token", "ftp://idp.example/", "not a url"})
    void unsafeProviderUrlsAreRefusedBeforeAnyConnection(String url) {
        ProviderException e = assertThrows(ProviderException.class, () -> client.checkedUri(url));
        assertFalse(e.transientFailure(), "a refused URL is a definitive configuration error");
        assertFalse(e.getMessage().contains("pw"), "credentials in the URL are not echoed");
    }

    @Test
    void publicHttpsUrlsPassTheSyntacticCheck() {
        assertEquals("idp.example", client.checkedUri("https://idp.example/oauth2/v1/token?x=1").getHost());
        assertEquals("203.0.113.7", client.checkedUri("https://203.0.113.7/token").getHost());
    }

    @Test
    void integerSpellingOfLoopbackIsRecognised() {
        ProviderException e = assertThrows(ProviderException.class,
                () -> client.resolvedUri("https://2130706433/token").await().atMost(Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("private"), e.getMessage());
    }

    @Test
    void aHostNameIsJudgedByTheAddressItResolvesTo() throws Exception {
        // The machine's own name: not a literal, so only the DNS check can judge it.
        String name = InetAddress.getLocalHost().getHostName();
        boolean privateTarget = false;
        for (InetAddress a : InetAddress.getAllByName(name)) {
            privateTarget |= com.oauthconfig.common.egress.PrivateAddressPolicy.isPrivate(a);
        }
        if (privateTarget) {
            ProviderException e = assertThrows(ProviderException.class,
                    () -> client.resolvedUri("https://" + name + "/token").await().atMost(Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("resolves to a private address"), e.getMessage());
        } else {
            assertEquals(name, client.resolvedUri("https://" + name + "/token").await().atMost(Duration.ofSeconds(10)).uri().getHost());
        }
    }

    static TokenServiceConfig production() {
        TokenServiceConfig.Provider provider = proxy(TokenServiceConfig.Provider.class, Map.of(
                "timeout", Duration.ofSeconds(2), "allowHttp", false, "allowPrivateAddresses", false,
                "retries", 0, "retryDelay", Duration.ofMillis(10), "breakerFailures", 5, "breakerOpen", Duration.ofSeconds(30),
                "cacheMaxSize", 100));
        return proxy(TokenServiceConfig.class, Map.of("provider", provider));
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (!values.containsKey(m.getName())) {
                throw new UnsupportedOperationException(m.getName());
            }
            return values.get(m.getName());
        });
    }
}

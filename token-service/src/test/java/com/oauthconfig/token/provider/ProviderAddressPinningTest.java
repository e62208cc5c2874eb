package com.oauthconfig.token.provider;

import com.oauthconfig.common.egress.PrivateAddressPolicy;
import com.oauthconfig.token.config.TokenServiceConfig;
import com.oauthconfig.common.egress.EgressAddresses;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.RebindingResolver;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * DNS rebinding against provider calls, with production rules (no private addresses; plain http
 * allowed only so the test's server needs no certificate): the address that was checked is the
 * address connected to.
 */
class ProviderAddressPinningTest {

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    @Test
    void aProviderNameAnsweringPublicToTheCheckAndPrivateToTheConnectNeverReachesThePrivateAddress() throws Exception {
        String name = RebindingResolver.localName();
        assumeFalse(PrivateAddressPolicy.isPrivateLiteral(name), "this machine's name is refused as written");
        RebindingResolver dns = new RebindingResolver(name);
        ProviderHttpClient client = new ProviderHttpClient(vertx, settings(), new EgressAddresses(dns),
                io.opentelemetry.api.OpenTelemetry.noop(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        try (FakeProvider provider = new FakeProvider("0.0.0.0")) {
            provider.answerJson(200, new io.vertx.core.json.JsonObject().put("issuer", "https://idp.example"));
            String url = "http://" + name + ":" + provider.port() + "/.well-known/openid-configuration";

            assertThrows(ProviderException.class, () -> client.getJson(EndpointKind.DISCOVERY, url, answer -> answer).await().atMost(Duration.ofSeconds(20)));

            assertEquals(0, provider.requests(), "the private address behind the name was never reached");
            assertEquals(1, dns.lookups(), "the name was resolved once, for the check and the connection");
        }
    }

    static TokenServiceConfig settings() {
        TokenServiceConfig.Provider provider = ProviderUrlRulesTest.proxy(TokenServiceConfig.Provider.class, Map.of(
                "timeout", Duration.ofSeconds(2), "allowHttp", true, "allowPrivateAddresses", false, "maxResponseBytes",
                io.quarkus.runtime.configuration.MemorySize.class.cast(new io.quarkus.runtime.configuration.MemorySize(java.math.BigInteger.valueOf(1 << 20))),
                "retries", 0, "retryDelay", Duration.ofMillis(10), "breakerFailures", 5, "breakerOpen", Duration.ofSeconds(30),
                "cacheMaxSize", 100));
        return ProviderUrlRulesTest.proxy(TokenServiceConfig.class, Map.of("provider", provider));
    }
}

package com.oauthconfig.token;

import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.handout.FailureReason;
import com.oauthconfig.token.peers.ConfigServiceGateway;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.config.ProviderType;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.store.AccessTokenService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class ConfigSourceTest {

    @Inject
    OAuthConfigCache configs;
    @Inject
    AccessTokenService tokens;
    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void readsTheInternalEndpointWithTheServiceTokenAndCachesUntilEvicted() {
        JsonObject config = Fixtures.register(Fixtures.config(Fixtures.newOrg(), "acme-okta"));
        String id = config.getString("id");

        InternalOAuthConfig read = configs.find(config.getString("orgId"), id).await().atMost(Duration.ofSeconds(30)).orElseThrow();

        assertEquals(config.getString("clientSecret"), read.clientSecret());
        assertEquals(ProviderType.OKTA, read.type());
        assertFalse(read.toString().contains(config.getString("clientSecret")), "toString hides the secret");
        assertEquals("token-service", FakeConfigService.lastSubject(), "authenticated by the token-service's own client-credentials token");
        configs.find(config.getString("orgId"), id).await().atMost(Duration.ofSeconds(30));
        assertEquals(1, FakeConfigService.reads(id), "the second read came from the cache");

        configs.evict(id);
        configs.find(config.getString("orgId"), id).await().atMost(Duration.ofSeconds(30));
        assertEquals(2, FakeConfigService.reads(id));
    }

    @Test
    void absentConfigIsEmptyAndNotRetried() {
        String id = UUID.randomUUID().toString();
        Optional<InternalOAuthConfig> read = configs.find(Fixtures.newOrg(), id).await().atMost(Duration.ofSeconds(30));
        assertTrue(read.isEmpty());
        assertEquals(1, FakeConfigService.reads(id));
    }

    @Test
    void failingConfigServiceIsRetriedThenReportedAsUnavailable() {
        JsonObject config = Fixtures.register(Fixtures.config(Fixtures.newOrg(), "acme-okta"));
        String id = config.getString("id");
        FakeConfigService.failWith(UUID.fromString(id), 503);
        try {
            assertThrows(ConfigServiceGateway.ConfigServiceUnavailableException.class,
                    () -> configs.find(config.getString("orgId"), id).await().atMost(Duration.ofSeconds(30)));
            assertEquals(3, FakeConfigService.reads(id), "one call and two retries");
            assertEquals(FailureReason.CONFIG_SERVICE_UNAVAILABLE,
                    tokens.accessTokenFor(config.getString("orgId"), id, "ann").await().atMost(Duration.ofSeconds(30)).reason());
        } finally {
            FakeConfigService.failWith(UUID.fromString(id), 0);
            // The breaker guards the whole config-service; other tests must not inherit its open state.
            breakers.resetAll();
        }
    }
}

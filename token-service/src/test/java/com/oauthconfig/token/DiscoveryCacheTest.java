package com.oauthconfig.token;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.oauthconfig.token.peers.OAuthConfigCache;
import com.oauthconfig.token.support.ConfigEvents;
import jakarta.inject.Inject;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class DiscoveryCacheTest {

    private static String rigJwks(String issuerId) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(Rig.oidc().issuer(issuerId) + "/jwks")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void unknownKidRefetchesTheExplicitJwksAndMetadataAndKeysAreCached() throws Exception {
        String issuerId = "rotating-" + UUID.randomUUID().toString().substring(0, 8);
        String staleKeys = rigJwks("evil-idp");
        String currentKeys = rigJwks(issuerId);
        int rigJwksReads = Rig.oidc().requestCount(issuerId, "jwks");
        AtomicInteger served = new AtomicInteger();
        try (FakeProvider jwks = new FakeProvider()) {
            // First answer: a key set without the signing key (as before a provider's key rotation).
            jwks.answer((req, form) -> req.response().putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "public, max-age=3600")
                    .end(served.getAndIncrement() == 0 ? staleKeys : currentKeys));
            String org = Fixtures.newOrg();
            JsonObject config = Fixtures.config(org, issuerId);
            config.put("endpoints", new JsonObject().put("jwks", jwks.url("/jwks")));
            Fixtures.register(config);

            Fixtures.signIn("ann", org, config.getString("id"));
            assertEquals(2, jwks.requests(), "the unknown kid caused one refetch of the configured JWKS");

            Fixtures.signIn("bob", org, config.getString("id"));
            assertEquals(2, jwks.requests(), "keys are reused while Cache-Control allows");
            assertEquals(1, Rig.oidc().requestCount(issuerId, ".well-known/openid-configuration"),
                    "discovery is read once and cached");
            assertEquals(rigJwksReads, Rig.oidc().requestCount(issuerId, "jwks"), "the explicit JWKS won over the discovered one");
        }
    }

    @Inject
    OAuthConfigCache configs;

    @Test
    void aConfigChangeEvictsOnlyItsOwnIssuersDiscoveryAndKeys() {
        String changedIssuer = "changed-" + UUID.randomUUID().toString().substring(0, 8);
        String otherIssuer = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String changedOrg = Fixtures.newOrg();
        String otherOrg = Fixtures.newOrg();
        JsonObject changed = Fixtures.register(Fixtures.config(changedOrg, changedIssuer));
        JsonObject other = Fixtures.register(Fixtures.config(otherOrg, otherIssuer));
        Fixtures.signIn("ann", changedOrg, changed.getString("id"));
        Fixtures.signIn("bob", otherOrg, other.getString("id"));
        int otherKeyReads = Rig.oidc().requestCount(otherIssuer, "jwks");
        int otherDiscoveryReads = Rig.oidc().requestCount(otherIssuer, ".well-known/openid-configuration");
        int changedKeyReads = Rig.oidc().requestCount(changedIssuer, "jwks");
        assertTrue(configs.cached(changedOrg, changed.getString("id")).isPresent(), "the changed config was cached by the sign-in");

        ConfigEvents.send(ConfigEvents.event("UPDATED", changed.copy().put("version", 2), 2, "scopes"));
        // The eviction of the config's issuer happens before the config itself leaves the cache.
        await().atMost(Duration.ofSeconds(30)).until(() -> configs.cached(changedOrg, changed.getString("id")).isEmpty());

        Fixtures.signIn("carol", otherOrg, other.getString("id"));
        assertEquals(otherKeyReads, Rig.oidc().requestCount(otherIssuer, "jwks"), "another issuer's keys were not evicted");
        assertEquals(otherDiscoveryReads, Rig.oidc().requestCount(otherIssuer, ".well-known/openid-configuration"));
        Fixtures.signIn("dave", changedOrg, changed.getString("id"));
        assertEquals(changedKeyReads + 1, Rig.oidc().requestCount(changedIssuer, "jwks"), "the changed config's issuer's keys were");
    }
}

package com.oauthconfig.token.pact;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.contracts.testing.ProviderPacts;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.usage.ConfigUsage;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * This service honours what its consumers committed in {@code contracts/pacts/*-token-service.json}
 * (the config-service's direct-uses read for its removal check): each interaction is replayed
 * against this running application after its provider state was set up through the real function
 * endpoint and the usage recorder.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class TokenServiceProviderPactTest {

    @TestHTTPResource("/")
    URI self;

    @Inject
    ConfigUsage usage;

    @Test
    void everyConsumersCommittedPactIsHonoured() {
        ProviderPacts.verify("token-service", self, consumer -> Rig.oidc().serviceToken(consumer), this::setUp);
    }

    private Map<String, Object> setUp(String state, Map<String, Object> params) {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, "pact-usage"));
        switch (state) {
            case "a config a solution's function named by title" -> {
                // A function of the solution names the config by title (the user has not signed in: 401, still a use).
                Functions.resolve(org, "ann", String.valueOf(params.get("solutionId")), config.getString("title")).then().statusCode(401);
                usage.flush().await().atMost(Duration.ofSeconds(10));
            }
            case "a config no function named" -> {
            }
            default -> throw new IllegalArgumentException("unknown provider state: " + state);
        }
        return Map.of("orgId", org, "configId", config.getString("id"));
    }
}

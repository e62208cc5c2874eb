package com.oauthconfig.config.pact;

import au.com.dius.pact.consumer.ConsumerPactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.core.model.RequestResponsePact;
import com.oauthconfig.config.client.TokenServiceGateway;
import com.oauthconfig.contracts.testing.ConsumerPacts;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.contracts.token.DirectUses;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the config-service's removal check expects of the token-service's direct-uses read, pinned
 * as a pact: the real gateway (REST client, service token) calls Pact's mock provider on the shared
 * fake's port; the pact must equal the committed {@code contracts/pacts/config-service-token-service.json},
 * which the token-service verifies against itself.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class TokenServiceConsumerPactTest {

    static final String ORG = "org-pact";
    static final UUID CONFIG = UUID.fromString("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d");
    static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");
    static final String USED = "the direct uses of a config a solution's function named by title";
    static final String UNUSED = "the direct uses of a config no function named";
    private static final String PATH = "/internal/orgs/${orgId}/oauth-configs/${configId}/usage";
    private static final String EXAMPLE_PATH = "/internal/orgs/" + ORG + "/oauth-configs/" + CONFIG + "/usage";
    private static final String INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z";
    private static final Map<String, Object> STATE = Map.of("orgId", ORG, "configId", CONFIG.toString(), "solutionId", "reports-app");

    static final RequestResponsePact PACT = ConsumerPactBuilder.consumer("config-service").hasPactWith("token-service")
            .given("a config a solution's function named by title", STATE)
            .uponReceiving(USED)
            .method("GET").pathFromProviderState(PATH, EXAMPLE_PATH).matchQuery("since", INSTANT, SINCE.toString())
            .matchHeader("Authorization", "Bearer [A-Za-z0-9._-]+", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(uses()
                    .minArrayLike("items", 1, 1)
                        .stringValue("solutionId", "reports-app")
                        .stringMatcher("lastUsedAt", INSTANT, "2026-03-04T05:06:07.123456Z")
                        .integerType("useCount", 3)
                        .closeObject().closeArray())
            .given("a config no function named", STATE)
            .uponReceiving(UNUSED)
            .method("GET").pathFromProviderState(PATH, EXAMPLE_PATH).matchQuery("since", INSTANT, SINCE.toString())
            .matchHeader("Authorization", "Bearer [A-Za-z0-9._-]+", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(uses().array("items").closeArray())
            .toPact();

    /** The answer's members besides {@code items}: the organisation, the config and the instant asked about. */
    private static PactDslJsonBody uses() {
        return new PactDslJsonBody()
                .valueFromProviderState("orgId", "${orgId}", ORG)
                .valueFromProviderState("configId", "${configId}", CONFIG.toString())
                .stringMatcher("since", INSTANT, SINCE.toString());
    }

    @Inject
    TokenServiceGateway gateway;

    @ConfigProperty(name = FakeTokenService.URL_PROPERTY)
    URI mockProvider;

    /** Runs {@code calls} against Pact's mock provider for one interaction, on the port the shared fake gives up meanwhile. */
    private void verify(String interaction, Runnable calls) {
        FakeTokenService.whileStopped(() -> ConsumerPacts.verify(ConsumerPacts.only(PACT, interaction), mockProvider.getPort(), calls));
    }

    @Test
    void aSolutionsDirectUsesAreReadIntoTheContractType() {
        verify(USED, () -> {
            DirectUses uses = gateway.directUses(ORG, CONFIG.toString(), SINCE).await().atMost(Duration.ofSeconds(10));
            assertEquals(1, uses.items().size());
            assertEquals("reports-app", uses.items().get(0).solutionId());
            assertEquals(3, uses.items().get(0).useCount());
        });
    }

    @Test
    void aConfigNoFunctionNamedHasNoUses() {
        verify(UNUSED, () -> assertTrue(gateway.directUses(ORG, CONFIG.toString(), SINCE).await().atMost(Duration.ofSeconds(10))
                .items().isEmpty()));
    }

    @Test
    void thePactIsTheCommittedOne() {
        ConsumerPacts.assertCommitted(PACT);
    }
}

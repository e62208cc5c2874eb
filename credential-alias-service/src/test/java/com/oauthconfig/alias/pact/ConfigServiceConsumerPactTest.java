package com.oauthconfig.alias.pact;

import au.com.dius.pact.consumer.ConsumerPactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.core.model.RequestResponsePact;
import com.oauthconfig.alias.client.ConfigServiceClient;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.testing.ConsumerPacts;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What this service expects of the config-service's internal read, pinned as a pact: the real
 * client (REST client, service token, fault tolerance) calls Pact's mock provider; the pact must
 * equal the committed {@code contracts/pacts/credential-alias-service-config-service.json}, which
 * the config-service verifies against itself. This service is no secret reader: it expects no secret.
 * The reconciliation's existence question is pinned the same way.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class ConfigServiceConsumerPactTest {

    static final String ORG = "org-pact";
    static final UUID CONFIG = UUID.fromString("2b7e1516-28ae-4d2a-8f6c-0a1b2c3d4e5f");
    static final String EXISTS = "the internal read of a config of the organisation";
    static final String ABSENT = "the internal read of a config the organisation does not have";
    static final UUID REMOVED = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    static final UUID NEVER = UUID.fromString("9a4f2c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b");
    static final String EXISTENCE = "the existence question about a config, a removed one and one never known";
    private static final Map<String, Object> EXISTENCE_STATE = Map.of("orgId", ORG, "configId", CONFIG.toString(),
            "removedId", REMOVED.toString());
    private static final String PATH = "/internal/orgs/${orgId}/oauth-configs/${configId}";
    private static final String EXAMPLE_PATH = "/internal/orgs/" + ORG + "/oauth-configs/" + CONFIG;
    private static final Map<String, Object> STATE = Map.of("orgId", ORG, "configId", CONFIG.toString());
    private static final String BEARER = "Bearer [A-Za-z0-9._-]+";
    private static final String EXAMPLE_BEARER = "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl";

    static final RequestResponsePact PACT = ConsumerPactBuilder.consumer("credential-alias-service").hasPactWith("config-service")
            .given("a config of the organisation", STATE)
            .uponReceiving(EXISTS)
            .method("GET").pathFromProviderState(PATH, EXAMPLE_PATH)
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(new PactDslJsonBody()
                    .valueFromProviderState("id", "${configId}", CONFIG.toString())
                    .valueFromProviderState("orgId", "${orgId}", ORG)
                    .integerType("version", 1)
                    .stringType("name", "Okta")
                    .stringType("title", "okta.login")
                    .stringMatcher("type", "GRAPH|OKTA|OPENID|AUTH0", "OKTA")
                    .nullValue("clientSecret"))
            .given("no such config in the organisation", STATE)
            .uponReceiving(ABSENT)
            .method("GET").pathFromProviderState(PATH, EXAMPLE_PATH)
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(404)
            .matchHeader("Content-Type", "application/problem\\+json.*", "application/problem+json")
            .given("a config of the organisation and one removed from it", EXISTENCE_STATE)
            .uponReceiving(EXISTENCE)
            .method("POST").pathFromProviderState("/internal/orgs/${orgId}/oauth-configs/existence",
                    "/internal/orgs/" + ORG + "/oauth-configs/existence")
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(new PactDslJsonBody().array("ids")
                    .valueFromProviderState("${configId}", CONFIG.toString())
                    .valueFromProviderState("${removedId}", REMOVED.toString())
                    .stringValue(NEVER.toString())
                    .closeArray())
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(new PactDslJsonBody()
                    .valueFromProviderState("orgId", "${orgId}", ORG)
                    .array("existing").valueFromProviderState("${configId}", CONFIG.toString()).closeArray()
                    .array("removed").valueFromProviderState("${removedId}", REMOVED.toString()).closeArray()
                    .array("unknown").stringValue(NEVER.toString()).closeArray())
            .toPact();

    @Inject
    ConfigServiceClient client;

    @ConfigProperty(name = "quarkus.rest-client.config-service.url")
    URI mockProvider;

    /** Runs {@code calls} against Pact's mock provider for one interaction, on the port the shared fake gives up meanwhile. */
    private void verify(String interaction, Runnable calls) {
        FakeConfigService.whileStopped(() -> ConsumerPacts.verify(ConsumerPacts.only(PACT, interaction), mockProvider.getPort(), calls));
    }

    @Test
    void aConfigOfTheOrganisationIsReadIntoTheContractTypeWithoutASecret() {
        verify(EXISTS, () -> {
            Optional<InternalOAuthConfig> found = client.find(ORG, CONFIG).await().atMost(Duration.ofSeconds(10));
            assertTrue(found.isPresent());
            assertEquals(CONFIG, found.get().id());
            assertNull(found.get().clientSecret());
        });
    }

    @Test
    void aConfigTheOrganisationDoesNotHaveIsADefiniteNo() {
        verify(ABSENT,
                () -> assertTrue(client.find(ORG, CONFIG).await().atMost(Duration.ofSeconds(10)).isEmpty()));
    }

    @Test
    void theExistenceAnswerIsReadIntoTheContractTypeAndOnlyTheRemovedIdCounts() {
        verify(EXISTENCE, () -> assertEquals(Set.of(REMOVED),
                client.removed(ORG, List.of(CONFIG, REMOVED, NEVER)).await().atMost(Duration.ofSeconds(10))));
    }

    @Test
    void thePactIsTheCommittedOne() {
        ConsumerPacts.assertCommitted(PACT);
    }
}

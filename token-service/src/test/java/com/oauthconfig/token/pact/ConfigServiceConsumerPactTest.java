package com.oauthconfig.token.pact;

import au.com.dius.pact.consumer.ConsumerPactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.core.model.RequestResponsePact;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.testing.ConsumerPacts;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.peers.ConfigServiceGateway;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the token-service expects of the config-service's internal reads (by id, by title, and as
 * retired by a change, secret included), pinned as a pact: the real gateway (REST client, service token, fault
 * tolerance) calls Pact's mock provider; the pact must equal the committed
 * {@code contracts/pacts/token-service-config-service.json}, which the config-service verifies against itself.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class ConfigServiceConsumerPactTest {

    static final String ORG = "org-pact";
    static final UUID CONFIG = UUID.fromString("5c0d1e2f-3a4b-4c5d-9e6f-7a8b9c0d1e2f");
    static final String TITLE = "pact.config";
    static final String BY_ID = "the internal read of a config of the organisation, secret included";
    static final String BY_TITLE = "the internal read of a config of the organisation by its title";
    static final String ABSENT = "the internal read of a config the organisation does not have, for the token-service";
    static final String RETIRED = "the retired read of a config as it was before a change, secret included";
    static final String RETIRED_GONE = "the retired read of a config the organisation does not have (or whose grace window ended)";
    private static final Map<String, Object> STATE = Map.of("orgId", ORG, "configId", CONFIG.toString(), "title", TITLE);
    private static final Map<String, Object> RETIRED_STATE = Map.of("orgId", ORG, "configId", CONFIG.toString(), "title", TITLE,
            "version", "2");
    private static final String RETIRED_PATH = "/internal/orgs/${orgId}/oauth-configs/${configId}/retired/${version}";
    private static final String RETIRED_EXAMPLE = "/internal/orgs/" + ORG + "/oauth-configs/" + CONFIG + "/retired/2";
    private static final String BEARER = "Bearer [A-Za-z0-9._-]+";
    private static final String EXAMPLE_BEARER = "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl";

    static final RequestResponsePact PACT = ConsumerPactBuilder.consumer("token-service").hasPactWith("config-service")
            .given("a config of the organisation", STATE)
            .uponReceiving(BY_ID)
            .method("GET").pathFromProviderState("/internal/orgs/${orgId}/oauth-configs/${configId}",
                    "/internal/orgs/" + ORG + "/oauth-configs/" + CONFIG)
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(config())
            .given("a config of the organisation", STATE)
            .uponReceiving(BY_TITLE)
            .method("GET").pathFromProviderState("/internal/orgs/${orgId}/oauth-configs", "/internal/orgs/" + ORG + "/oauth-configs")
            .queryParameterFromProviderState("title", "${title}", TITLE)
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(config())
            .given("no such config in the organisation", STATE)
            .uponReceiving(ABSENT)
            .method("GET").pathFromProviderState("/internal/orgs/${orgId}/oauth-configs/${configId}",
                    "/internal/orgs/" + ORG + "/oauth-configs/" + CONFIG)
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(404)
            .matchHeader("Content-Type", "application/problem\\+json.*", "application/problem+json")
            .given("a config of the organisation replaced by a change", RETIRED_STATE)
            .uponReceiving(RETIRED)
            .method("GET").pathFromProviderState(RETIRED_PATH, RETIRED_EXAMPLE)
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(config())
            .given("no such config in the organisation", RETIRED_STATE)
            .uponReceiving(RETIRED_GONE)
            .method("GET").pathFromProviderState(RETIRED_PATH, RETIRED_EXAMPLE)
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(404)
            .matchHeader("Content-Type", "application/problem\\+json.*", "application/problem+json")
            .toPact();

    /** The members the token-service acts on; the secret must be there for it. */
    private static PactDslJsonBody config() {
        PactDslJsonBody body = new PactDslJsonBody()
                .valueFromProviderState("id", "${configId}", CONFIG.toString())
                .valueFromProviderState("orgId", "${orgId}", ORG)
                .integerType("version", 1)
                .stringType("name", "Sign in with Example")
                .valueFromProviderState("title", "${title}", TITLE)
                .stringMatcher("type", "GRAPH|OKTA|OPENID|AUTH0", "OPENID")
                .stringType("clientId", "client")
                .stringType("clientSecret", "pact-secret")
                .stringType("issuer", "https://idp.example.com")
                .booleanType("usePkce", true)
                .booleanType("useNonce", true)
                .booleanType("ssoEnabled", false);
        body.object("endpoints").closeObject();
        body.minArrayLike("scopes", 1, PactDslJsonRootValue.stringType("openid"), 1);
        body.minArrayLike("redirectUrls", 1, PactDslJsonRootValue.stringType("https://app.example.com/callback"), 1);
        return body;
    }

    @Inject
    ConfigServiceGateway gateway;

    @ConfigProperty(name = "quarkus.rest-client.config-service.url")
    URI mockProvider;

    /** Runs {@code calls} against Pact's mock provider for one interaction, on the port the shared fake gives up meanwhile. */
    private void verify(String interaction, Runnable calls) {
        FakeConfigService.whileStopped(() -> ConsumerPacts.verify(ConsumerPacts.only(PACT, interaction), mockProvider.getPort(), calls));
    }

    @Test
    void aConfigIsReadByIdWithItsSecretIntoTheContractType() {
        verify(BY_ID, () -> {
            InternalOAuthConfig c = gateway.fetch(ORG, CONFIG.toString()).await().atMost(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(CONFIG, c.id());
            assertEquals("pact-secret", c.clientSecret());
        });
    }

    @Test
    void aConfigIsReadByTitle() {
        verify(BY_TITLE, () -> {
            Optional<InternalOAuthConfig> c = gateway.fetchByTitle(ORG, TITLE).await().atMost(Duration.ofSeconds(10));
            assertEquals(TITLE, c.orElseThrow().title());
        });
    }

    @Test
    void aConfigTheOrganisationDoesNotHaveIsEmpty() {
        verify(ABSENT,
                () -> assertTrue(gateway.fetch(ORG, CONFIG.toString()).await().atMost(Duration.ofSeconds(10)).isEmpty()));
    }

    @Test
    void aRetiredConfigIsReadWithItsSecretIntoTheContractType() {
        verify(RETIRED, () -> {
            InternalOAuthConfig c = gateway.fetchRetired(ORG, CONFIG.toString(), 2).await().atMost(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(CONFIG, c.id());
            assertEquals("pact-secret", c.clientSecret());
        });
    }

    @Test
    void aRetiredConfigNoLongerKeptIsEmpty() {
        verify(RETIRED_GONE,
                () -> assertTrue(gateway.fetchRetired(ORG, CONFIG.toString(), 2).await().atMost(Duration.ofSeconds(10)).isEmpty()));
    }

    @Test
    void thePactIsTheCommittedOne() {
        ConsumerPacts.assertCommitted(PACT);
    }
}

package com.oauthconfig.token.pact;

import au.com.dius.pact.consumer.ConsumerPactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.core.model.RequestResponsePact;
import com.oauthconfig.contracts.alias.AliasResolution;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.alias.RequiredCredentials;
import com.oauthconfig.contracts.testing.ConsumerPacts;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.peers.AliasServiceGateway;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the token-service expects of the credential-alias-service's resolution, pinned as a pact:
 * the real gateway calls Pact's mock provider, which stands in on the shared fake's port during
 * the call (so this class shares the other tests' application); the pact must equal the committed
 * {@code contracts/pacts/token-service-credential-alias-service.json}, which the alias service verifies against itself.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class AliasServiceConsumerPactTest {

    static final String ORG = "org-pact";
    static final String SOLUTION = "sol-pact";
    static final UUID CONFIG = UUID.fromString("3d4e5f60-7182-4a3b-9c4d-5e6f708192a3");
    static final String OK = "the resolution of a credential name of the solution";
    static final String BROKEN = "the resolution of a credential whose config was removed";
    static final String ABSENT = "the resolution of a name the solution does not have";
    static final String REQUIRED = "what a solution needs its users signed in to";
    private static final String PATH = "/internal/orgs/${orgId}/solutions/" + SOLUTION + "/credentials/resolve";
    private static final String EXAMPLE_PATH = "/internal/orgs/" + ORG + "/solutions/" + SOLUTION + "/credentials/resolve";
    private static final String REQUIRED_PATH = "/internal/orgs/${orgId}/solutions/" + SOLUTION + "/required-credentials";
    private static final String EXAMPLE_REQUIRED_PATH = "/internal/orgs/" + ORG + "/solutions/" + SOLUTION + "/required-credentials";
    private static final String BEARER = "Bearer [A-Za-z0-9._-]+";
    private static final String EXAMPLE_BEARER = "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl";

    private static Map<String, Object> state(String name) {
        return Map.of("orgId", ORG, "solutionId", SOLUTION, "name", name, "configId", CONFIG.toString());
    }

    static final RequestResponsePact PACT = ConsumerPactBuilder.consumer("token-service").hasPactWith("credential-alias-service")
            .given("a solution credential pointing at a config", state("crm"))
            .uponReceiving(OK)
            .method("GET").pathFromProviderState(PATH, EXAMPLE_PATH).query("name=crm")
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(new PactDslJsonBody()
                    .uuid("credentialId", UUID.fromString("11111111-2222-4333-8444-555555555555"))
                    .valueFromProviderState("oauthConfigId", "${configId}", CONFIG.toString())
                    .stringValue("status", "OK")
                    .nullValue("reason"))
            .given("a solution credential whose config was removed", state("erp"))
            .uponReceiving(BROKEN)
            .method("GET").pathFromProviderState(PATH, EXAMPLE_PATH).query("name=erp")
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(new PactDslJsonBody()
                    .uuid("credentialId", UUID.fromString("11111111-2222-4333-8444-666666666666"))
                    .valueFromProviderState("oauthConfigId", "${configId}", CONFIG.toString())
                    .stringValue("status", "BROKEN")
                    .stringType("reason", "OAuth configuration 'okta' was removed (version 2)"))
            .given("no solution credential of that name", state("nothing"))
            .uponReceiving(ABSENT)
            .method("GET").pathFromProviderState(PATH, EXAMPLE_PATH).query("name=nothing")
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(404)
            .matchHeader("Content-Type", "application/problem\\+json.*", "application/problem+json")
            .given("a solution with an OAuth alias and declared titles", state("crm"))
            .uponReceiving(REQUIRED)
            .method("GET").pathFromProviderState(REQUIRED_PATH, EXAMPLE_REQUIRED_PATH)
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(new PactDslJsonBody()
                    .eachLike("aliases")
                        .stringValue("name", "crm")
                        .valueFromProviderState("oauthConfigId", "${configId}", CONFIG.toString())
                        .stringMatcher("status", "OK|BROKEN", "OK")
                        .closeObject().closeArray()
                    .array("titles").stringValue("acme.files.token").stringValue("acme.mail.token").closeArray())
            .toPact();

    @Inject
    AliasServiceGateway gateway;

    @ConfigProperty(name = "quarkus.rest-client.credential-alias-service.url")
    URI mockProvider;

    /** Runs {@code calls} against Pact's mock provider for one interaction, on the port the shared fake gives up meanwhile. */
    private void verify(String interaction, Runnable calls) {
        FakeAliasService.whileStopped(() -> ConsumerPacts.verify(ConsumerPacts.only(PACT, interaction), mockProvider.getPort(), calls));
    }

    @Test
    void aNameResolvesToItsConfig() {
        verify(OK, () -> {
            AliasResolution r = gateway.resolve(ORG, SOLUTION, "crm").await().atMost(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(CONFIG, r.oauthConfigId());
            assertEquals(AliasStatus.OK, r.status());
        });
    }

    @Test
    void aBrokenAliasSaysSoWithTheReason() {
        verify(BROKEN, () -> {
            AliasResolution r = gateway.resolve(ORG, SOLUTION, "erp").await().atMost(Duration.ofSeconds(10)).orElseThrow();
            assertTrue(r.broken());
            assertNotNull(r.reason());
        });
    }

    @Test
    void anUnknownNameIsEmpty() {
        verify(ABSENT,
                () -> assertTrue(gateway.resolve(ORG, SOLUTION, "nothing").await().atMost(Duration.ofSeconds(10)).isEmpty()));
    }

    @Test
    void aSolutionsRequiredCredentialsAreItsAliasesAndDeclaredTitles() {
        verify(REQUIRED, () -> {
            RequiredCredentials r = gateway.required(ORG, SOLUTION).await().atMost(Duration.ofSeconds(10));
            assertEquals("crm", r.aliases().get(0).name());
            assertEquals(CONFIG, r.aliases().get(0).oauthConfigId());
            assertEquals(AliasStatus.OK, r.aliases().get(0).status());
            assertEquals(java.util.List.of("acme.files.token", "acme.mail.token"), r.titles());
        });
    }

    @Test
    void thePactIsTheCommittedOne() {
        ConsumerPacts.assertCommitted(PACT);
    }
}

package com.oauthconfig.config.pact;

import au.com.dius.pact.consumer.ConsumerPactBuilder;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.core.model.RequestResponsePact;
import com.oauthconfig.config.client.CredentialAliasGateway;
import com.oauthconfig.contracts.alias.AliasReferencePage;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.testing.ConsumerPacts;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.rig.RigResource;
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

/**
 * What the config-service expects of the credential-alias-service's references answer, pinned as
 * a pact: the real gateway (REST client, service token, fault tolerance) calls Pact's mock
 * provider; the pact must equal the committed {@code contracts/pacts/config-service-credential-alias-service.json},
 * which the alias service verifies against itself.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class AliasReferencesConsumerPactTest {

    static final String ORG = "org-pact";
    static final UUID CONFIG = UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f");
    static final String REFERENCED = "the references of a config two aliases point at";
    static final String UNREFERENCED = "the references of a config no alias points at";
    private static final String PATH = "/api/orgs/${orgId}/oauth-configs/${configId}/references";
    private static final String EXAMPLE_PATH = "/api/orgs/" + ORG + "/oauth-configs/" + CONFIG + "/references";
    private static final Map<String, Object> STATE = Map.of("orgId", ORG, "configId", CONFIG.toString());

    static final RequestResponsePact PACT = ConsumerPactBuilder.consumer("config-service").hasPactWith("credential-alias-service")
            .given("a config of the organisation that two aliases point at", STATE)
            .uponReceiving(REFERENCED)
            .method("GET").pathFromProviderState(PATH, EXAMPLE_PATH).query("page=0&size=" + CredentialAliasGateway.PAGE_SIZE)
            .matchHeader("Authorization", "Bearer [A-Za-z0-9._-]+", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(page(2))
            .given("a config of the organisation that no alias points at", STATE)
            .uponReceiving(UNREFERENCED)
            .method("GET").pathFromProviderState(PATH, EXAMPLE_PATH).query("page=0&size=" + CredentialAliasGateway.PAGE_SIZE)
            .matchHeader("Authorization", "Bearer [A-Za-z0-9._-]+", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(page(0))
            .toPact();

    /** A first page with {@code n} references, each shaped like the contract's. */
    private static PactDslJsonBody page(int n) {
        PactDslJsonBody body = new PactDslJsonBody();
        if (n == 0) {
            body.array("items").closeArray();
        } else {
            body.minArrayLike("items", n, n)
                    .stringType("solutionId", "sol-1")
                    .uuid("credentialId", UUID.fromString("0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d"))
                    .stringType("name", "crm")
                    .stringMatcher("status", "OK|BROKEN", "OK")
                    .closeObject().closeArray();
        }
        return body.integerType("page", 0).integerType("size", CredentialAliasGateway.PAGE_SIZE).integerType("total", n);
    }

    @Inject
    CredentialAliasGateway gateway;

    @ConfigProperty(name = "quarkus.rest-client.credential-alias-service.url")
    URI mockProvider;

    /** Runs {@code calls} against Pact's mock provider for one interaction, on the port the shared fake gives up meanwhile. */
    private void verify(String interaction, Runnable calls) {
        FakeAliasService.whileStopped(() -> ConsumerPacts.verify(ConsumerPacts.only(PACT, interaction), mockProvider.getPort(), calls));
    }

    @Test
    void referencesOfAReferencedConfigAreReadIntoTheContractType() {
        verify(REFERENCED, () -> {
            AliasReferencePage page = gateway.references(ORG, CONFIG.toString()).await().atMost(Duration.ofSeconds(10));
            assertEquals(2, page.total());
            assertEquals(2, page.items().size());
            assertEquals(AliasStatus.OK, page.items().get(0).status());
        });
    }

    @Test
    void referencesOfAnUnreferencedConfigAreAnEmptyPage() {
        verify(UNREFERENCED, () -> {
            AliasReferencePage page = gateway.references(ORG, CONFIG.toString()).await().atMost(Duration.ofSeconds(10));
            assertEquals(0, page.total());
            assertEquals(0, page.items().size());
        });
    }

    @Test
    void thePactIsTheCommittedOne() {
        ConsumerPacts.assertCommitted(PACT);
    }
}

package com.oauthconfig.token.pact;

import com.oauthconfig.contracts.config.SsoAdmissionAnswer;
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
import com.oauthconfig.token.sso.SsoAdmissionClient;
import com.oauthconfig.token.sso.SsoAdmissions;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    static final String ADMITTED = "the SSO admission question for an e-mail of the config's domain";
    static final String NOT_ADMITTED = "the SSO admission question for an e-mail outside the config's domains";
    private static final Map<String, Object> SSO_STATE = Map.of("orgId", ORG, "configId", CONFIG.toString(), "domain", "acme.example");
    private static final String ADMISSIONS = "/internal/orgs/${orgId}/sso/admissions";
    private static final String ADMISSIONS_EXAMPLE = "/internal/orgs/" + ORG + "/sso/admissions";
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
            .given("an SSO-enabled config of the organisation admitting one registered domain", SSO_STATE)
            .uponReceiving(ADMITTED)
            .method("POST").pathFromProviderState(ADMISSIONS, ADMISSIONS_EXAMPLE)
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(admissionQuestion("ann@acme.example"))
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(admission(true, "ADMITTED", "EXACT"))
            .given("an SSO-enabled config of the organisation admitting one registered domain", SSO_STATE)
            .uponReceiving(NOT_ADMITTED)
            .method("POST").pathFromProviderState(ADMISSIONS, ADMISSIONS_EXAMPLE)
            .matchHeader("Authorization", BEARER, EXAMPLE_BEARER)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(admissionQuestion("eve@other.example"))
            .willRespondWith().status(200)
            .matchHeader("Content-Type", "application/json.*", "application/json")
            .body(admission(false, "DOMAIN_NOT_ALLOWED", "NONE"))
            .toPact();

    /** The question: the config and the e-mail, in the body (never in a URL). */
    private static PactDslJsonBody admissionQuestion(String email) {
        return new PactDslJsonBody()
                .valueFromProviderState("configId", "${configId}", CONFIG.toString())
                .stringValue("email", email);
    }

    /** The members the SSO sign-in acts on: whether admitted, and the config version it was decided for. */
    private static PactDslJsonBody admission(boolean admitted, String decision, String match) {
        return new PactDslJsonBody()
                .valueFromProviderState("orgId", "${orgId}", ORG)
                .valueFromProviderState("configId", "${configId}", CONFIG.toString())
                .integerType("version", 1)
                .booleanValue("admitted", admitted)
                .stringValue("decision", decision)
                .stringValue("match", match);
    }

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
                .booleanType("ssoEnabled", false)
                .booleanType("ssoEmailAuthoritative", false);
        body.object("endpoints").closeObject();
        body.minArrayLike("scopes", 1, PactDslJsonRootValue.stringType("openid"), 1);
        body.minArrayLike("redirectUrls", 1, PactDslJsonRootValue.stringType("https://app.example.com/callback"), 1);
        return body;
    }

    @Inject
    ConfigServiceGateway gateway;

    @Inject
    SsoAdmissions admissions;

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
    void anEmailOfTheConfigsDomainIsAdmittedForItsVersion() {
        verify(ADMITTED, () -> {
            SsoAdmissionAnswer a = admissions.ask(ORG, CONFIG.toString(), "ann@acme.example")
                    .await().atMost(Duration.ofSeconds(10)).orElseThrow();
            assertTrue(a.admitted());
            assertEquals(1, a.version());
            assertEquals(CONFIG, a.configId());
        });
    }

    @Test
    void anEmailOutsideTheConfigsDomainsIsNotAdmitted() {
        verify(NOT_ADMITTED, () -> {
            SsoAdmissionAnswer a = admissions.ask(ORG, CONFIG.toString(), "eve@other.example")
                    .await().atMost(Duration.ofSeconds(10)).orElseThrow();
            assertFalse(a.admitted());
            assertEquals("DOMAIN_NOT_ALLOWED", a.decision());
        });
    }

    @Test
    void thePactIsTheCommittedOne() {
        ConsumerPacts.assertCommitted(PACT);
    }
}

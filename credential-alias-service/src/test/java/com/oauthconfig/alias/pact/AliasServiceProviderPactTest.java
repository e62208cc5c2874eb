package com.oauthconfig.alias.pact;

import com.oauthconfig.alias.support.KafkaFixtures;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.contracts.testing.ProviderPacts;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static com.oauthconfig.alias.support.Fixtures.service;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * This service honours what its consumers committed in {@code contracts/pacts/*-credential-alias-service.json}
 * (the config-service's references call, the token-service's resolution and a solution's required credentials): each interaction is
 * replayed against this running application after its provider state was set up through the real
 * API and the real event consumer.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class AliasServiceProviderPactTest {

    @TestHTTPResource("/")
    URI self;

    @Test
    void everyConsumersCommittedPactIsHonoured() {
        ProviderPacts.verify("credential-alias-service", self, consumer -> Rig.oidc().serviceToken(consumer), this::setUp);
    }

    private Map<String, Object> setUp(String state, Map<String, Object> params) {
        String org = newOrg();
        UUID configId = config(org);
        switch (state) {
            case "a config of the organisation that two aliases point at" -> {
                alias(org, "sol-1", "crm", configId);
                alias(org, "sol-2", "erp", configId);
            }
            case "a config of the organisation that no alias points at" -> {
            }
            case "a solution credential pointing at a config" ->
                    alias(org, String.valueOf(params.get("solutionId")), String.valueOf(params.get("name")), configId);
            case "a solution credential whose config was removed" -> {
                String solution = String.valueOf(params.get("solutionId"));
                String name = String.valueOf(params.get("name"));
                alias(org, solution, name, configId);
                KafkaFixtures.sendConfigEvent(0, UUID.randomUUID(), org, configId, 2, "REMOVED");
                await().atMost(Duration.ofSeconds(30)).until(() -> "BROKEN".equals(given().auth().oauth2(service("token-service"))
                        .queryParam("name", name).get("/internal/orgs/{org}/solutions/{solution}/credentials/resolve", org, solution)
                        .then().extract().path("status")));
            }
            case "no solution credential of that name" -> {
            }
            case "a solution with an OAuth alias and declared titles" -> {
                String solution = String.valueOf(params.get("solutionId"));
                alias(org, solution, String.valueOf(params.get("name")), configId);
                given().auth().oauth2(Rig.oidc().platformToken("alice", org, "ADMIN")).contentType("application/json")
                        .body(Map.of("titles", java.util.List.of("acme.mail.token", "acme.files.token")))
                        .put("/api/orgs/{org}/solutions/{solution}/required-credentials", org, solution).then().statusCode(200);
            }
            default -> throw new IllegalArgumentException("unknown provider state: " + state);
        }
        return Map.of("orgId", org, "configId", configId.toString());
    }
}

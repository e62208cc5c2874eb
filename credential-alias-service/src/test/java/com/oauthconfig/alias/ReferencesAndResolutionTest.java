package com.oauthconfig.alias;

import com.oauthconfig.alias.support.Fixtures;
import com.oauthconfig.alias.support.KafkaFixtures;
import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.contracts.testing.SchemaCheck;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static com.oauthconfig.alias.support.Fixtures.service;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class ReferencesAndResolutionTest {

    private static final String REFERENCES = "/api/orgs/{org}/oauth-configs/{config}/references";
    private static final String RESOLVE = "/internal/orgs/{org}/solutions/{solution}/credentials/resolve";

    @Test
    void referencesListEveryCredentialPointingAtTheConfigPaged() {
        String org = newOrg();
        UUID configId = config(org);
        UUID other = config(org);
        UUID s2a = alias(org, "sol-2", "a", configId);
        UUID s1b = alias(org, "sol-1", "b", configId);
        UUID s1a = alias(org, "sol-1", "a", configId);
        alias(org, "sol-1", "c", other);

        given().auth().oauth2(admin(org)).queryParam("size", 2).get(REFERENCES, org, configId)
                .then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(2))
                .body("items.credentialId", contains(s1a.toString(), s1b.toString()))
                .body("items.solutionId", contains("sol-1", "sol-1"))
                .body("items.name", contains("a", "b"))
                .body("items.status", contains("OK", "OK"));
        given().auth().oauth2(service("config-service")).queryParam("size", 2).queryParam("page", 1).get(REFERENCES, org, configId)
                .then().statusCode(200).body("items.credentialId", contains(s2a.toString()));
    }

    @Test
    void resolutionGivesTheTargetAndStatusToServicesOnly() {
        String org = newOrg();
        UUID configId = config(org);
        UUID id = alias(org, "sol-1", "crm", configId);

        given().auth().oauth2(service("token-service")).queryParam("name", "crm").get(RESOLVE, org, "sol-1")
                .then().statusCode(200)
                .body("credentialId", equalTo(id.toString())).body("oauthConfigId", equalTo(configId.toString()))
                .body("status", equalTo("OK")).body("reason", nullValue());
        given().auth().oauth2(service("token-service")).queryParam("name", "unknown").get(RESOLVE, org, "sol-1")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(service("token-service")).get(RESOLVE, org, "sol-1")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().auth().oauth2(admin(org)).queryParam("name", "crm").get(RESOLVE, org, "sol-1")
                .then().statusCode(403);
    }

    @Test
    void aBrokenAliasResolvesToBrokenWithTheReason() {
        String org = newOrg();
        UUID configId = config(org);
        alias(org, "sol-1", "crm", configId);
        KafkaFixtures.sendConfigEvent(3, UUID.randomUUID(), org, configId, 2, "REMOVED");

        await().atMost(Duration.ofSeconds(30)).until(() -> "BROKEN".equals(given().auth().oauth2(service("token-service"))
                .queryParam("name", "crm").get(RESOLVE, org, "sol-1").then().statusCode(200).extract().path("status")));
        given().auth().oauth2(service("token-service")).queryParam("name", "crm").get(RESOLVE, org, "sol-1")
                .then().statusCode(200).body("oauthConfigId", equalTo(configId.toString()))
                .body("reason", containsString("was removed"));
    }

    @Test
    void aRemovedConfigurationStillListsItsBrokenReferencesInItsOwnOrganisationOnly() {
        String org = newOrg();
        UUID configId = config(org);
        UUID id = alias(org, "sol-1", "crm", configId);
        KafkaFixtures.sendConfigEvent(3, UUID.randomUUID(), org, configId, 2, "REMOVED");
        Fixtures.forgetConfig(org, configId);

        await().atMost(Duration.ofSeconds(30)).until(() -> "BROKEN".equals(given().auth().oauth2(service("token-service"))
                .queryParam("name", "crm").get(RESOLVE, org, "sol-1").then().statusCode(200).extract().path("status")));
        given().auth().oauth2(admin(org)).get(REFERENCES, org, configId)
                .then().statusCode(200).body("items.credentialId", contains(id.toString())).body("items.status", contains("BROKEN"));
        String other = newOrg();
        given().auth().oauth2(admin(other)).get(REFERENCES, other, configId)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void referencesAndResolutionsAreValidAgainstTheContractsSchemasOkBrokenAndEmpty() {
        String org = newOrg();
        UUID configId = config(org);
        UUID unused = config(org);
        alias(org, "sol-1", "ok", configId);
        alias(org, "sol-1", "gone", unused);
        KafkaFixtures.sendConfigEvent(3, UUID.randomUUID(), org, unused, 2, "REMOVED");
        await().atMost(Duration.ofSeconds(30)).until(() -> "BROKEN".equals(given().auth().oauth2(service("token-service"))
                .queryParam("name", "gone").get(RESOLVE, org, "sol-1").then().statusCode(200).extract().path("status")));

        for (UUID config : java.util.List.of(configId, unused)) {
            SchemaCheck.assertValid(ContractSchema.ALIAS_REFERENCES, given().auth().oauth2(service("config-service"))
                    .get(REFERENCES, org, config).then().statusCode(200).extract().asString());
        }
        SchemaCheck.assertValid(ContractSchema.ALIAS_REFERENCES, given().auth().oauth2(service("config-service"))
                .get(REFERENCES, org, config(org)).then().statusCode(200).extract().asString());
        for (String name : java.util.List.of("ok", "gone")) {
            SchemaCheck.assertValid(ContractSchema.ALIAS_RESOLUTION, given().auth().oauth2(service("token-service"))
                    .queryParam("name", name).get(RESOLVE, org, "sol-1").then().statusCode(200).extract().asString());
        }
    }
}

package com.oauthconfig.alias;

import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.contracts.testing.SchemaCheck;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static com.oauthconfig.alias.support.Fixtures.service;
import static com.oauthconfig.alias.support.Fixtures.token;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The titles an ADMIN declares a solution needs, and the internal read that gives the token-service
 * a solution's aliases and declared titles in one answer (its Home Hub status).
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class RequiredCredentialsTest {

    private static final String DECLARED = "/api/orgs/{org}/solutions/{solution}/required-credentials";
    private static final String INTERNAL = "/internal/orgs/{org}/solutions/{solution}/required-credentials";

    private static io.restassured.response.Response put(String token, String org, String solution, Object body) {
        return given().auth().oauth2(token).contentType("application/json").body(body).put(DECLARED, org, solution);
    }

    @Test
    void anAdminDeclaresTitlesWhichReplaceTheSolutionsListSortedAndWithoutCaseDuplicates() {
        String org = newOrg();
        put(admin(org), org, "sol-1", Map.of("titles", List.of("crm.token", "acme.oauth.token", "ACME.oauth.token")))
                .then().statusCode(200).body("solutionId", equalTo("sol-1")).body("titles", contains("acme.oauth.token", "crm.token"));
        given().auth().oauth2(token(org, "OWNER")).get(DECLARED, org, "sol-1").then().statusCode(200)
                .body("titles", contains("acme.oauth.token", "crm.token"));
        put(token(org, "OWNER"), org, "sol-1", Map.of("titles", List.of("mail.token"))).then().statusCode(200);
        given().auth().oauth2(admin(org)).get(DECLARED, org, "sol-1").then().body("titles", contains("mail.token"));
        given().auth().oauth2(admin(org)).get(DECLARED, org, "sol-2").then().statusCode(200).body("titles", empty());
    }

    @Test
    void aTitleThatIsNotAConfigurationTitleIs400NamingItsItemAndNothingChanges() {
        String org = newOrg();
        put(admin(org), org, "sol-1", Map.of("titles", List.of("keep.me"))).then().statusCode(200);
        put(admin(org), org, "sol-1", Map.of("titles", List.of("ok.title", "not a title", "x".repeat(129))))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("titles[1]", "titles[2]"));
        put(admin(org), org, "sol-1", Map.of()).then().statusCode(400).body("errors.field", hasItem("titles"));
        put(admin(org), org, "bad solution!", Map.of("titles", List.of())).then().statusCode(400)
                .body("errors.field", hasItem("solutionId"));
        given().auth().oauth2(admin(org)).get(DECLARED, org, "sol-1").then().body("titles", contains("keep.me"));
    }

    @Test
    void onlyAdminsAndOwnersOfTheOrganisationDeclareAnotherOrganisationGets404() {
        String org = newOrg();
        put(token(org, "MEMBER"), org, "sol-1", Map.of("titles", List.of("a.b"))).then().statusCode(403);
        given().auth().oauth2(token(org, "MEMBER")).get(DECLARED, org, "sol-1").then().statusCode(403);
        put(admin(newOrg()), org, "sol-1", Map.of("titles", List.of("a.b"))).then().statusCode(404);
        given().auth().oauth2(service("token-service")).get(DECLARED, org, "sol-1").then().statusCode(404);
        given().auth().oauth2(admin(org)).get(DECLARED, org, "sol-1").then().body("titles", empty());
    }

    @Test
    void theTokenServiceReadsTheSolutionsAliasesAndDeclaredTitlesInOneAnswerAndNobodyElseDoes() {
        String org = newOrg();
        UUID crm = config(org);
        UUID mail = config(org);
        alias(org, "sol-1", "Mail", mail);
        alias(org, "sol-1", "CRM", crm);
        alias(org, "sol-2", "Other", crm);
        put(admin(org), org, "sol-1", Map.of("titles", List.of("acme.oauth.token"))).then().statusCode(200);

        String answer = given().auth().oauth2(service("token-service")).get(INTERNAL, org, "sol-1").then().statusCode(200)
                .extract().asString();
        SchemaCheck.assertValid(ContractSchema.ALIAS_REQUIRED_CREDENTIALS, answer);
        given().auth().oauth2(service("token-service")).get(INTERNAL, org, "sol-1").then().statusCode(200)
                .body("aliases.name", contains("CRM", "Mail"))
                .body("aliases.oauthConfigId", contains(crm.toString(), mail.toString()))
                .body("aliases.status", contains("OK", "OK"))
                .body("titles", contains("acme.oauth.token"));
        given().auth().oauth2(service("token-service")).get(INTERNAL, newOrg(), "sol-1").then().statusCode(200)
                .body("aliases", empty()).body("titles", empty());
        for (String other : List.of(admin(org), token(org, "MEMBER"), service("config-service"), service("function-runtime"))) {
            given().auth().oauth2(other).get(INTERNAL, org, "sol-1").then().statusCode(403);
        }
        given().get(INTERNAL, org, "sol-1").then().statusCode(401);
    }

    @Test
    void replacementsAtTheSameTimeAllSucceedAndLeaveOneWholeList() throws Exception {
        // Replacing is delete-then-insert: without serialising them, a second replacement with the same
        // titles collided with the first's uncommitted rows and answered 500.
        String org = newOrg();
        String token = admin(org);
        List<String> titles = List.of("acme.oauth.token", "crm.token", "mail.token");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> put(token, org, "sol-1", Map.of("titles", titles)).statusCode()));
            }
            for (java.util.concurrent.Future<Integer> answer : answers) {
                assertEquals(200, answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        given().auth().oauth2(token).get(DECLARED, org, "sol-1").then().statusCode(200)
                .body("titles", contains("acme.oauth.token", "crm.token", "mail.token"));
    }
}

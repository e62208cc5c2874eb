package com.oauthconfig.alias;

import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.configAttempts;
import static com.oauthconfig.alias.support.Fixtures.configReads;
import static com.oauthconfig.alias.support.Fixtures.makeReachable;
import static com.oauthconfig.alias.support.Fixtures.makeUnreachable;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class CredentialApiTest {

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    private static final String CREDENTIALS = "/api/orgs/{org}/solutions/{solution}/credentials";
    private static final String CREDENTIAL = CREDENTIALS + "/{id}";

    private static Map<String, String> body(String name, String type, String configId) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        m.put("name", name);
        m.put("type", type);
        m.put("oauthConfigId", configId);
        return m;
    }

    @Test
    void creatingAnAliasToAConfigOfTheOrganisationAnswers201AndCanBeReadBack() {
        String org = newOrg();
        UUID configId = config(org);
        String location = given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                .body(body("crm", "OAUTH_ALIAS", configId.toString()))
                .post(CREDENTIALS, org, "sol-1")
                .then().statusCode(201)
                .header("ETag", notNullValue())
                .body("name", equalTo("crm"))
                .body("type", equalTo("OAUTH_ALIAS"))
                .body("oauthConfigId", equalTo(configId.toString()))
                .body("status", equalTo("OK"))
                .body("orgId", equalTo(org))
                .body("solutionId", equalTo("sol-1"))
                .body("$", not(hasKey("clientSecret")))
                .extract().header("Location");

        given().auth().oauth2(admin(org)).get(location)
                .then().statusCode(200).body("name", equalTo("crm")).body("brokenReason", nullValue());
    }

    @Test
    void invalidFieldsAnswer400NamingEachField() {
        String org = newOrg();
        given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                .body(body(" ", "BASIC_AUTH", "not-a-uuid"))
                .post(CREDENTIALS, org, "sol-1")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:oauth-platform:problem:validation"))
                .body("errors.field", containsInAnyOrder("name", "type", "oauthConfigId"))
                .body("errors.find { it.field == 'type' }.rule", containsString("OAUTH_ALIAS"))
                .body("errors.find { it.field == 'oauthConfigId' }.rule", equalTo("must be a UUID"));
    }

    @Test
    void unknownFieldsAndMalformedJsonAnswer400() {
        String org = newOrg();
        given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                .body("{\"name\":\"a\",\"type\":\"OAUTH_ALIAS\",\"oauthConfigId\":\"" + UUID.randomUUID() + "\",\"secret\":\"x\"}")
                .post(CREDENTIALS, org, "sol-1")
                .then().statusCode(400).body("errors[0].field", equalTo("secret"));
        given().auth().oauth2(admin(org)).contentType(ContentType.JSON).body("{\"name\":")
                .post(CREDENTIALS, org, "sol-1")
                .then().statusCode(400).body("type", equalTo("urn:oauth-platform:problem:malformed-body"));
    }

    @Test
    void unknownConfigAndAnotherOrganisationsConfigAreRefusedAlikeAndNothingIsStored() {
        String org = newOrg();
        UUID foreign = config(newOrg());
        String unknownDetail = given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                .body(body("a", "OAUTH_ALIAS", UUID.randomUUID().toString()))
                .post(CREDENTIALS, org, "sol-1")
                .then().statusCode(400).body("errors[0].field", equalTo("oauthConfigId"))
                .extract().path("detail");
        String foreignDetail = given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                .body(body("b", "OAUTH_ALIAS", foreign.toString()))
                .post(CREDENTIALS, org, "sol-1")
                .then().statusCode(400).body("errors[0].field", equalTo("oauthConfigId"))
                .extract().path("detail");
        assertEquals(unknownDetail, foreignDetail);
        given().auth().oauth2(admin(org)).get(CREDENTIALS, org, "sol-1")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void configServiceUnreachableIsRetriedTwiceThenAnswers503NamingItAndStoresNothing() {
        String org = newOrg();
        UUID configId = config(org);
        makeUnreachable(org);
        given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                .body(body("a", "OAUTH_ALIAS", configId.toString()))
                .post(CREDENTIALS, org, "sol-1")
                .then().statusCode(503).contentType("application/problem+json")
                .body("dependency", equalTo("config-service"))
                .body("detail", containsString("config-service"));
        assertEquals(3, configAttempts(org), "one call and two bounded retries");
        makeReachable(org);
        given().auth().oauth2(admin(org)).get(CREDENTIALS, org, "sol-1")
                .then().statusCode(200).body("total", equalTo(0)).body("items", hasSize(0));
    }

    @Test
    void theConfigServiceIsCalledWithAServiceToken() {
        String org = newOrg();
        UUID configId = config(org);
        alias(org, "sol-1", "a", configId);
        // The fake answers only requests bearing a SERVICE token of this service; a count proves it answered.
        assertEquals(1, configReads(org));
    }

    @Test
    void duplicateNameInTheSolutionAnswers409ButTheSameNameInAnotherSolutionIsFine() {
        String org = newOrg();
        UUID configId = config(org);
        alias(org, "sol-1", "crm", configId);
        given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                .body(body("crm", "OAUTH_ALIAS", configId.toString()))
                .post(CREDENTIALS, org, "sol-1")
                .then().statusCode(409).body("errors[0].field", equalTo("name"));
        alias(org, "sol-2", "crm", configId);
    }

    @Test
    void concurrentCreatesOfOneNameStoreExactlyOneAndAnswer409ToTheOthers() throws Exception {
        String org = newOrg();
        UUID configId = config(org);
        String token = admin(org);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(body("same", "OAUTH_ALIAS", configId.toString()))
                        .post(CREDENTIALS, org, "sol-1").statusCode()));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> call : calls) {
                statuses.add(call.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            statuses.sort(null);
            assertEquals(List.of(201, 409, 409, 409, 409, 409), statuses);
        } finally {
            pool.shutdownNow();
        }
        given().auth().oauth2(admin(org)).get(CREDENTIALS, org, "sol-1").then().body("total", equalTo(1));
    }

    @Test
    void putReplacesTheCredentialAndHonoursIfMatch() {
        String org = newOrg();
        UUID first = config(org);
        UUID second = config(org);
        UUID id = alias(org, "sol-1", "crm", first);
        String etag = given().auth().oauth2(admin(org)).get(CREDENTIAL, org, "sol-1", id).then().extract().header("ETag");

        given().auth().oauth2(admin(org)).contentType(ContentType.JSON).header("If-Match", etag)
                .body(body("crm-renamed", "OAUTH_ALIAS", second.toString()))
                .put(CREDENTIAL, org, "sol-1", id)
                .then().statusCode(200).body("name", equalTo("crm-renamed")).body("oauthConfigId", equalTo(second.toString()));

        given().auth().oauth2(admin(org)).contentType(ContentType.JSON).header("If-Match", etag)
                .body(body("again", "OAUTH_ALIAS", second.toString()))
                .put(CREDENTIAL, org, "sol-1", id)
                .then().statusCode(412);
        given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                .body(body("crm-renamed", "OAUTH_ALIAS", UUID.randomUUID().toString()))
                .put(CREDENTIAL, org, "sol-1", id)
                .then().statusCode(400).body("errors[0].field", equalTo("oauthConfigId"));
        given().auth().oauth2(admin(org)).get(CREDENTIAL, org, "sol-1", id)
                .then().statusCode(200).body("name", equalTo("crm-renamed")).body("oauthConfigId", equalTo(second.toString()));
    }

    @Test
    void deleteRemovesTheCredentialOnce() {
        String org = newOrg();
        UUID id = alias(org, "sol-1", "crm", config(org));
        given().auth().oauth2(admin(org)).delete(CREDENTIAL, org, "sol-1", id).then().statusCode(204);
        given().auth().oauth2(admin(org)).get(CREDENTIAL, org, "sol-1", id).then().statusCode(404);
        given().auth().oauth2(admin(org)).delete(CREDENTIAL, org, "sol-1", id).then().statusCode(404);
    }

    @Test
    void listingIsPagedInNameOrderAndBadPagingAnswers400() {
        String org = newOrg();
        UUID configId = config(org);
        for (String name : new String[] {"c", "a", "b"}) {
            alias(org, "sol-1", name, configId);
        }
        given().auth().oauth2(admin(org)).queryParam("size", 2).get(CREDENTIALS, org, "sol-1")
                .then().statusCode(200).body("items.name", contains("a", "b")).body("total", equalTo(3))
                .body("page", equalTo(0)).body("size", equalTo(2));
        given().auth().oauth2(admin(org)).queryParam("size", 2).queryParam("page", 1).get(CREDENTIALS, org, "sol-1")
                .then().statusCode(200).body("items.name", contains("c"));
        given().auth().oauth2(admin(org)).queryParam("size", "lots").get(CREDENTIALS, org, "sol-1")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
        given().auth().oauth2(admin(org)).queryParam("status", "BROKEN").get(CREDENTIALS, org, "sol-1")
                .then().statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(admin(org)).queryParam("status", "MAYBE").get(CREDENTIALS, org, "sol-1")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
    }

    @Test
    void openApiDocumentsTheEndpoints() {
        given().queryParam("format", "json").get(openapi).then().statusCode(200)
                .body("paths.keySet()", hasItem("/api/orgs/{orgId}/solutions/{solutionId}/credentials"))
                .body("paths.keySet()", hasItem("/api/orgs/{orgId}/oauth-configs/{configId}/references"))
                .body("paths.keySet()", hasItem("/internal/orgs/{orgId}/solutions/{solutionId}/credentials/resolve"));
    }
}

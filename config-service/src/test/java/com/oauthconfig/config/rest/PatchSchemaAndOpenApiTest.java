package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Merge patches, the raw-JSON view and its schema, the event schema and the OpenAPI document. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class PatchSchemaAndOpenApiTest {

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    @Test
    void mergePatchChangesOnlyTheGivenMembersAndIsAudited() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("patch.me");
        body.put("endpoints", Map.of("userinfo", "https://idp.example.com/userinfo"));
        String id = create(org, body);
        java.util.HashMap<String, Object> patch = new java.util.HashMap<>();
        patch.put("name", "Patched name");
        patch.put("endpoints", Map.of("revocation", "https://idp.example.com/revoke"));
        patch.put("clientId", null);
        as(admin(org)).header("If-Match", "\"1\"").contentType("application/merge-patch+json").body(patch)
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("name", equalTo("Patched name"))
                .body("endpoints.userinfo", equalTo("https://idp.example.com/userinfo"))
                .body("endpoints.revocation", equalTo("https://idp.example.com/revoke"))
                .body("clientId", nullValue())
                .body("title", equalTo("patch.me"));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}/audit", org, id).then()
                .body("items[0].action", equalTo("UPDATED"))
                .body("items[0].changes.field", contains("name", "clientId", "endpoints.revocation"))
                .body("items[0].changes[0].from", equalTo("Sign in with Example"))
                .body("items[0].changes[0].to", equalTo("Patched name"))
                .body("items[0].actor", notNullValue());
        as(admin(org)).header("If-Match", "\"1\"").contentType("application/merge-patch+json").body(Map.of("name", "late"))
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(412);
        as(admin(org)).header("If-Match", "\"2\"").contentType("application/merge-patch+json").body(Map.of("nmae", "typo"))
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(400).body("errors[0].field", equalTo("nmae"));
    }

    @Test
    void rawJsonOfARecordIsAcceptedBackOnUpdateAndCreate() {
        String org = newOrg();
        String id = create(org, openIdConfig("raw.json"));
        String raw = as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).asString();
        // Sending back exactly what was read changes nothing: same version, no new audit entry.
        as(admin(org)).header("If-Match", "\"1\"").body(raw).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("version", equalTo(1));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}/audit", org, id).then().body("total", equalTo(1));
        String copy = raw.replace("\"raw.json\"", "\"raw.json.copy\"");
        as(admin(org)).body(copy).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201)
                .body("title", equalTo("raw.json.copy"));
    }

    @Test
    void recordSchemaDescribesExactlyTheMembersOfARecordPlusTheWriteOnlySecret() {
        String org = newOrg();
        String id = create(org, openIdConfig("schema.check"));
        Map<String, Object> record = as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).jsonPath().getMap("");
        JsonPath schema = given().get("/api/oauth-configs/schema").then().statusCode(200)
                .contentType("application/schema+json").extract().jsonPath();
        Set<String> expected = new HashSet<>(record.keySet());
        expected.add("clientSecret");
        assertEquals(expected, schema.getMap("properties").keySet());
        assertEquals(true, schema.getBoolean("properties.clientSecret.writeOnly"));
    }

    @Test
    void eventSchemaIsServedAndNamesItsDataSchemaUrn() {
        given().get("/api/schemas/oauth-config-event").then().statusCode(200)
                .body("$id", equalTo("urn:oauth-platform:schema:oauth-config-event:1"))
                .body("properties.config.properties", org.hamcrest.Matchers.not(hasKey("clientSecret")))
                .body("required", org.hamcrest.Matchers.hasItems("eventId", "orgId", "configId", "version", "changeType"));
    }

    @Test
    void openApiDocumentsEveryEndpoint() {
        JsonPath doc = given().queryParam("format", "json").get(openapi).then().statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        for (String p : List.of("/api/orgs/{orgId}/oauth-configs", "/api/orgs/{orgId}/oauth-configs/{id}",
                "/api/orgs/{orgId}/oauth-configs/{id}/audit", "/api/orgs/{orgId}/domains", "/api/orgs/{orgId}/sso/providers",
                "/api/oauth-configs/schema", "/internal/orgs/{orgId}/oauth-configs/{id}")) {
            org.junit.jupiter.api.Assertions.assertTrue(paths.containsKey(p), p + " missing from " + paths.keySet());
        }
        Map<String, Object> item = doc.getMap("paths.'/api/orgs/{orgId}/oauth-configs/{id}'");
        org.junit.jupiter.api.Assertions.assertTrue(item.keySet().containsAll(Set.of("get", "put", "patch", "delete")), item.keySet().toString());
    }

}

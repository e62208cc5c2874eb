package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class OAuthConfigApiTest {

    @Test
    void createdConfigIsReadBackWithDefaultsVersionOneAndEtag() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("acme.oauth.token");
        body.put("clientSecret", "s3cr3t-value");
        Response created = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org);
        created.then().statusCode(201)
                .header("Location", containsString("/api/orgs/" + org + "/oauth-configs/"))
                .header("ETag", "\"1\"")
                .body("version", equalTo(1))
                .body("usePkce", equalTo(true))
                .body("useNonce", equalTo(true))
                .body("ssoEnabled", equalTo(false))
                .body("clientSecretSet", equalTo(true))
                .body("clientSecret", nullValue())
                .body("warnings", hasSize(0));
        String id = created.path("id");

        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("title", equalTo("acme.oauth.token"))
                .body("orgId", equalTo(org))
                .body("scopes", contains("openid", "profile", "email"))
                .body("createdBy", notNullValue());
    }

    @Test
    void replaceWithCurrentEtagIncrementsVersionAndStaleEtagGets412WithoutChange() {
        String org = newOrg();
        String id = create(org, openIdConfig("t.one"));
        Map<String, Object> body = openIdConfig("t.one");
        body.put("name", "Renamed");
        as(admin(org)).header("If-Match", "\"1\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2)).body("name", equalTo("Renamed"));

        body.put("name", "Lost update");
        as(admin(org)).header("If-Match", "\"1\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(412).contentType("application/problem+json");
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then()
                .body("name", equalTo("Renamed")).body("version", equalTo(2));
    }

    @Test
    void listIsPagedAndSortable() {
        String org = newOrg();
        for (String t : List.of("c.three", "a.one", "b.two")) {
            create(org, openIdConfig(t));
        }
        as(admin(org)).queryParam("page", 0).queryParam("size", 2).get("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(200).body("items.title", contains("a.one", "b.two")).body("total", equalTo(3))
                .body("size", equalTo(2));
        as(admin(org)).queryParam("page", 1).queryParam("size", 2).queryParam("sort", "title,desc")
                .get("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(200).body("items.title", contains("a.one"));
        Response bad = as(admin(org)).queryParam("sort", "clientSecret").get("/api/orgs/{org}/oauth-configs", org);
        bad.then().statusCode(400).body("errors[0].field", equalTo("sort"));
        assertEquals(400, as(admin(org)).queryParam("size", "many").get("/api/orgs/{org}/oauth-configs", org).statusCode());
    }
}

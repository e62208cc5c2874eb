package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.service;
import static org.hamcrest.Matchers.equalTo;

/** Paging parameters and path ids are read by common's rules: every bad value is a 400 naming it, never a 500. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class PagingAndIdsTest {

    private static final String PROBLEM = "application/problem+json";

    /** Each bad (page, size) pair and the parameter the answer must name. */
    static final List<String[]> BAD_PAGING = List.of(
            new String[] {"-1", "10", "page"}, new String[] {"abc", "10", "page"}, new String[] {"1.5", "10", "page"},
            new String[] {"99999999999", "10", "page"}, new String[] {"9223372036854775808", "10", "page"},
            new String[] {"2147483647", "2", "page"}, new String[] {"1073741824", "2", "page"},
            new String[] {"0", "0", "size"}, new String[] {"0", "-5", "size"}, new String[] {"0", "x", "size"},
            new String[] {"0", "2147483648", "size"}, new String[] {"0", "1000000", "size"}, new String[] {"+1", "10", "page"});

    @Test
    void outOfRangeOrNonNumericPagingOnEveryListIsA400NamingTheParameter() {
        String org = newOrg();
        String id = create(org, openIdConfig("paging"));
        List<Function<RequestSpecification, io.restassured.response.Response>> lists = List.of(
                s -> s.get("/api/orgs/{org}/oauth-configs", org),
                s -> s.get("/api/orgs/{org}/oauth-configs/{id}/audit", org, id));
        for (var list : lists) {
            for (String[] bad : BAD_PAGING) {
                list.apply(as(admin(org)).queryParam("page", bad[0]).queryParam("size", bad[1])).then()
                        .statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo(bad[2]));
            }
            // The last page that fits is still answered.
            list.apply(as(admin(org)).queryParam("page", Integer.MAX_VALUE / 2).queryParam("size", 2)).then()
                    .statusCode(200).body("items.size()", equalTo(0));
        }
    }

    @Test
    void aMalformedIdIsA400NamingThePathParameterOnEveryEndpoint() {
        String org = newOrg();
        for (String bad : List.of("not-a-uuid", "1-1-1-1-1", "00000000-0000-0000-0000-00000000000g", "%20")) {
            as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, bad).then()
                    .statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("id"));
            as(admin(org)).header("If-Match", "\"1\"").body(openIdConfig("x")).put("/api/orgs/{org}/oauth-configs/{id}", org, bad)
                    .then().statusCode(400).body("errors[0].field", equalTo("id"));
            as(admin(org)).contentType("application/merge-patch+json").header("If-Match", "\"1\"").body(Map.of("name", "x"))
                    .patch("/api/orgs/{org}/oauth-configs/{id}", org, bad).then().statusCode(400).body("errors[0].field", equalTo("id"));
            as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, bad).then()
                    .statusCode(400).body("errors[0].field", equalTo("id"));
            as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}/audit", org, bad).then()
                    .statusCode(400).body("errors[0].field", equalTo("id"));
            as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, bad).then()
                    .statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("id"));
        }
        // Another organisation learns nothing, well-formed or not.
        as(admin(newOrg())).get("/api/orgs/{org}/oauth-configs/{id}", org, "not-a-uuid").then().statusCode(404);
    }
}

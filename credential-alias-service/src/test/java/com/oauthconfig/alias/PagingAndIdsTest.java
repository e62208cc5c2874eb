package com.oauthconfig.alias;

import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static com.oauthconfig.alias.support.Fixtures.service;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Paging parameters and path ids are read by common's rules: every bad value is a 400 naming it, never a 500. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class PagingAndIdsTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String CREDENTIALS = "/api/orgs/{org}/solutions/{solution}/credentials";
    private static final String CREDENTIAL = CREDENTIALS + "/{id}";
    private static final String REFERENCES = "/api/orgs/{org}/oauth-configs/{config}/references";

    /** Each bad (page, size) pair and the parameter the answer must name. */
    private static final List<String[]> BAD_PAGING = List.of(
            new String[] {"-1", "10", "page"}, new String[] {"abc", "10", "page"}, new String[] {"1.5", "10", "page"},
            new String[] {"99999999999", "10", "page"}, new String[] {"9223372036854775808", "10", "page"},
            new String[] {"2147483647", "2", "page"}, new String[] {"1073741824", "2", "page"},
            new String[] {"0", "0", "size"}, new String[] {"0", "-5", "size"}, new String[] {"0", "x", "size"},
            new String[] {"0", "2147483648", "size"}, new String[] {"0", "1000000", "size"});

    @Test
    void outOfRangeOrNonNumericPagingOnEveryListIsA400NamingTheParameter() {
        String org = newOrg();
        UUID configId = config(org);
        alias(org, "sol-1", "crm", configId);
        for (String[] bad : BAD_PAGING) {
            given().auth().oauth2(admin(org)).queryParam("page", bad[0]).queryParam("size", bad[1]).get(CREDENTIALS, org, "sol-1")
                    .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo(bad[2]));
            given().auth().oauth2(admin(org)).queryParam("page", bad[0]).queryParam("size", bad[1]).get(REFERENCES, org, configId)
                    .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo(bad[2]));
            given().auth().oauth2(service("config-service")).queryParam("page", bad[0]).queryParam("size", bad[1])
                    .get(REFERENCES, org, configId).then().statusCode(400).body("errors[0].field", equalTo(bad[2]));
        }
        // The last page that fits is still answered.
        given().auth().oauth2(admin(org)).queryParam("page", Integer.MAX_VALUE / 2).queryParam("size", 2).get(CREDENTIALS, org, "sol-1")
                .then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void aMalformedIdIsA400NamingThePathParameterOnEveryEndpoint() {
        String org = newOrg();
        UUID configId = config(org);
        for (String bad : List.of("not-a-uuid", "1-1-1-1-1", "00000000-0000-0000-0000-00000000000g")) {
            given().auth().oauth2(admin(org)).get(CREDENTIAL, org, "sol-1", bad)
                    .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("credentialId"));
            given().auth().oauth2(admin(org)).contentType(ContentType.JSON)
                    .body(Map.of("name", "crm", "type", "OAUTH_ALIAS", "oauthConfigId", configId.toString()))
                    .put(CREDENTIAL, org, "sol-1", bad).then().statusCode(400).body("errors[0].field", equalTo("credentialId"));
            given().auth().oauth2(admin(org)).delete(CREDENTIAL, org, "sol-1", bad)
                    .then().statusCode(400).body("errors[0].field", equalTo("credentialId"));
            given().auth().oauth2(admin(org)).get(REFERENCES, org, bad)
                    .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("configId"));
            given().auth().oauth2(service("config-service")).get(REFERENCES, org, bad)
                    .then().statusCode(400).body("errors[0].field", equalTo("configId"));
        }
        // Another organisation learns nothing, well-formed or not.
        given().auth().oauth2(admin(newOrg())).get(CREDENTIAL, org, "sol-1", "not-a-uuid").then().statusCode(404);
    }
}

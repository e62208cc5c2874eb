package com.oauthconfig.alias;

import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.rig.ForgedTokens;
import com.oauthconfig.rig.OidcProvider;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Method;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tokens: expired, wrong issuer, wrong audience, {@code alg: none}, an unknown signing key
 * and a tampered payload are all 401 problem+json on every endpoint, change nothing, and are refused
 * without a call to the identity provider.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class TokenAttacksTest {

    @Test
    void everyForgedOrExpiredTokenIs401OnEveryEndpointAndChangesNothing() {
        String org = newOrg();
        UUID configId = config(org);
        UUID credentialId = alias(org, "sol-1", "crm", configId);
        String etagBefore = given().auth().oauth2(admin(org)).get("/api/orgs/{org}/solutions/sol-1/credentials/{id}", org, credentialId)
                .then().statusCode(200).extract().header("ETag");
        Map<String, Object> body = Map.of("name", "hijacked", "type", "OAUTH_ALIAS", "oauthConfigId", configId.toString());

        int introspectionsBefore = Rig.oidc().requestCount(OidcProvider.PLATFORM_ISSUER_ID, "introspect");
        Map<String, String> forAdmin = ForgedTokens.all(org, "ADMIN");
        Map<String, String> forService = ForgedTokens.all(org, "SERVICE");
        int refused = 0;
        for (String attack : forAdmin.keySet()) {
            String admin = forAdmin.get(attack);
            refused += expect401(attack, admin, Method.GET, "/api/orgs/{org}/solutions/sol-1/credentials", null, org);
            refused += expect401(attack, admin, Method.POST, "/api/orgs/{org}/solutions/sol-1/credentials", body, org);
            refused += expect401(attack, admin, Method.GET, "/api/orgs/{org}/solutions/sol-1/credentials/{id}", null, org, credentialId);
            refused += expect401(attack, admin, Method.PUT, "/api/orgs/{org}/solutions/sol-1/credentials/{id}", body, org, credentialId);
            refused += expect401(attack, admin, Method.DELETE, "/api/orgs/{org}/solutions/sol-1/credentials/{id}", null, org, credentialId);
            refused += expect401(attack, admin, Method.GET, "/api/orgs/{org}/oauth-configs/{config}/references", null, org, configId);
            refused += expect401(attack, forService.get(attack), Method.GET,
                    "/internal/orgs/{org}/solutions/sol-1/credentials/resolve?name=crm", null, org);
        }
        assertEquals(7 * 7, refused);
        // Refused locally: a forged token never makes this service call the identity provider (an anonymous
        // caller could otherwise make it storm the provider's introspection endpoint, one call per request).
        assertEquals(introspectionsBefore, Rig.oidc().requestCount(OidcProvider.PLATFORM_ISSUER_ID, "introspect"),
                "calls to the provider's introspection endpoint caused by forged tokens");

        // Nothing created, replaced or removed by any of them.
        given().auth().oauth2(admin(org)).get("/api/orgs/{org}/solutions/sol-1/credentials", org)
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].name", equalTo("crm"));
        given().auth().oauth2(admin(org)).get("/api/orgs/{org}/solutions/sol-1/credentials/{id}", org, credentialId)
                .then().statusCode(200).body("name", equalTo("crm")).header("ETag", equalTo(etagBefore));
    }

    private static int expect401(String attack, String token, Method method, String path, Object body, Object... params) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        int status = request.request(method, path, params).then()
                .contentType(startsWith("application/problem+json"))
                .extract().statusCode();
        if (status != 401) {
            throw new AssertionError(attack + ": " + method + " " + path + " answered " + status + ", expected 401");
        }
        return 1;
    }
}

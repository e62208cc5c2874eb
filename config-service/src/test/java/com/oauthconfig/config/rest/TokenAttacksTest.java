package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
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

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tokens: expired, wrong issuer, wrong audience, {@code alg: none}, an unknown signing key
 * and a tampered payload are all 401 problem+json on every protected endpoint, and change nothing.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class TokenAttacksTest {

    @Test
    void everyForgedOrExpiredTokenIs401OnEveryProtectedEndpointAndChangesNothing() {
        String org = newOrg();
        String id = create(org, openIdConfig("attacks.kept"));
        Map<String, Object> changed = openIdConfig("attacks.kept");
        changed.put("name", "hijacked");

        int introspectionsBefore = Rig.oidc().requestCount(OidcProvider.PLATFORM_ISSUER_ID, "introspect");
        Map<String, String> forAdmin = ForgedTokens.all(org, "ADMIN");
        Map<String, String> forSupport = ForgedTokens.all(org, "SUPPORT");
        Map<String, String> forService = ForgedTokens.all(org, "SERVICE");
        int refused = 0;
        for (String attack : forAdmin.keySet()) {
            String t = forAdmin.get(attack);
            refused += expect401(attack, t, Method.GET, "/api/orgs/{org}/oauth-configs", null, org);
            refused += expect401(attack, t, Method.POST, "/api/orgs/{org}/oauth-configs", openIdConfig("attacks.new"), org);
            refused += expect401(attack, t, Method.GET, "/api/orgs/{org}/oauth-configs/{id}", null, org, id);
            refused += expect401(attack, t, Method.PUT, "/api/orgs/{org}/oauth-configs/{id}", changed, org, id);
            refused += expect401(attack, t, Method.PATCH, "/api/orgs/{org}/oauth-configs/{id}", Map.of("name", "hijacked"), org, id);
            refused += expect401(attack, t, Method.DELETE, "/api/orgs/{org}/oauth-configs/{id}", null, org, id);
            refused += expect401(attack, t, Method.GET, "/api/orgs/{org}/oauth-configs/{id}/audit", null, org, id);
            refused += expect401(attack, t, Method.GET, "/api/orgs/{org}/domains", null, org);
            refused += expect401(attack, forSupport.get(attack), Method.PUT, "/api/orgs/{org}/domains", Map.of("domains", java.util.List.of("evil.example")), org);
            refused += expect401(attack, forService.get(attack), Method.GET, "/internal/orgs/{org}/oauth-configs/{id}", null, org, id);
            refused += expect401(attack, forService.get(attack), Method.GET, "/internal/orgs/{org}/oauth-configs?title=attacks.kept", null, org);
        }
        assertEquals(11 * forAdmin.size(), refused);
        // Refused locally: no forged token makes this service call the identity provider's introspection endpoint.
        assertEquals(introspectionsBefore, Rig.oidc().requestCount(OidcProvider.PLATFORM_ISSUER_ID, "introspect"));

        as(admin(org)).get("/api/orgs/{org}/oauth-configs", org).then().statusCode(200).body("total", equalTo(1));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                .header("ETag", "\"1\"").body("name", equalTo("Sign in with Example"));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}/audit", org, id).then().statusCode(200).body("items.size()", equalTo(1));
    }

    private static int expect401(String attack, String token, Method method, String path, Object body, Object... params) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", "\"1\"");
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

package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.rig.LoopbackAddresses;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.registerDomains;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-address limits of the public SSO look-up and of repeated 401s, driven over HTTP from client
 * addresses of this test's own (127.1.x.y), so the rest of the suite on 127.0.0.1 is not counted.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class RateLimitTest {

    private static final String PROBLEM = "application/problem+json";

    /** Requests whose connections come from {@code address}. */
    private static RequestSpecification from(InetAddress address) {
        return given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.route.local-address", address)));
    }

    private static int limit(String name) {
        return ConfigProvider.getConfig().getValue("platform-rate-limits." + name, Integer.class);
    }

    private static void assertTooMany(Response r) {
        r.then().statusCode(429).contentType(PROBLEM).body("type", equalTo("urn:oauth-platform:problem:too-many-requests"));
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After within the one-minute window: " + retryAfter);
    }

    @Test
    void ssoLookupsPastTheLimitOfAnAddressAre429WithRetryAfterWhateverXForwardedForSays() {
        String org = newOrg();
        registerDomains(org, "limited.example");
        InetAddress client = LoopbackAddresses.next();
        int permits = limit("sso-lookups-per-address");
        for (int i = 0; i < permits; i++) {
            // A client that names itself differently each time is still the same connection address.
            from(client).header("X-Forwarded-For", "198.51.100." + (i % 250)).queryParam("email", "u@limited.example")
                    .get("/api/orgs/{org}/sso/providers", org).then().statusCode(200);
        }
        assertTooMany(from(client).header("X-Forwarded-For", "203.0.113.9").queryParam("email", "u@limited.example")
                .get("/api/orgs/{org}/sso/providers", org));
        // Another address is not affected.
        from(LoopbackAddresses.next()).queryParam("email", "u@limited.example").get("/api/orgs/{org}/sso/providers", org)
                .then().statusCode(200);
    }

    @Test
    void repeated401sFromAnAddressTurnEveryRequestOfItInto429UntilTheWindowEnds() {
        String org = newOrg();
        InetAddress client = LoopbackAddresses.next();
        int permits = limit("unauthorized-per-address");
        for (int i = 0; i < permits; i++) {
            assertEquals(401, from(client).auth().oauth2("not.a.token" + i).get("/api/orgs/{org}/oauth-configs", org).statusCode());
        }
        // Now even a valid token from that address waits, and so do the public endpoints.
        assertTooMany(from(client).auth().oauth2(admin(org)).get("/api/orgs/{org}/oauth-configs", org));
        assertTooMany(from(client).queryParam("email", "u@example.com").get("/api/orgs/{org}/sso/providers", org));
        from(LoopbackAddresses.next()).auth().oauth2(admin(org)).get("/api/orgs/{org}/oauth-configs", org).then().statusCode(200);
    }
}

package com.oauthconfig.alias;

import com.oauthconfig.contracts.testing.FakeConfigService;
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

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repeated 401s from one client address (this test's own, 127.1.x.y) turn into 429s for that address only. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class RateLimitTest {

    private static final String CREDENTIALS = "/api/orgs/{org}/solutions/{solution}/credentials";

    private static RequestSpecification from(InetAddress address) {
        return given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.route.local-address", address)));
    }

    @Test
    void repeated401sFromAnAddressTurnEveryRequestOfItInto429UntilTheWindowEnds() {
        String org = newOrg();
        InetAddress client = LoopbackAddresses.next();
        int permits = ConfigProvider.getConfig().getValue("platform-rate-limits.unauthorized-per-address", Integer.class);
        for (int i = 0; i < permits; i++) {
            // X-Forwarded-For is not believed: the connection's address is what counts.
            assertEquals(401, from(client).header("X-Forwarded-For", "198.51.100." + (i % 250)).auth().oauth2("forged." + i)
                    .get(CREDENTIALS, org, "sol-1").statusCode());
        }
        Response limited = from(client).auth().oauth2(admin(org)).get(CREDENTIALS, org, "sol-1");
        limited.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:oauth-platform:problem:too-many-requests"));
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After within the one-minute window: " + retryAfter);
        from(LoopbackAddresses.next()).auth().oauth2(admin(org)).get(CREDENTIALS, org, "sol-1").then().statusCode(200);
    }
}

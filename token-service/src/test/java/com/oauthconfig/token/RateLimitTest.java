package com.oauthconfig.token;

import com.oauthconfig.rig.LoopbackAddresses;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
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

import static com.oauthconfig.token.support.Fixtures.userToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-in starts per caller and per client address, and repeated 401s per address, driven over
 * HTTP with callers and client addresses (127.1.x.y) of this test's own, so the rest of the suite
 * (one address, 127.0.0.1) is not counted. Attempts are counted before the request is judged:
 * the cheap malformed ones below spend the permits as well-formed ones would.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class RateLimitTest {

    private static final String AUTHORIZE = "/api/orgs/{org}/oauth-configs/{id}/authorize";

    private static RequestSpecification from(InetAddress address) {
        return given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.route.local-address", address)));
    }

    private static int limit(String name) {
        return ConfigProvider.getConfig().getValue("platform-rate-limits." + name, Integer.class);
    }

    private static Response authorize(InetAddress address, String token, String org, String configId) {
        return from(address).auth().oauth2(token).contentType("application/json").body("{}").post(AUTHORIZE, org, configId);
    }

    private static void assertTooMany(Response r) {
        r.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:oauth-platform:problem:too-many-requests"));
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After within the one-minute window: " + retryAfter);
    }

    @Test
    void signInStartsPastTheLimitOfOneCallerAre429WhileAnotherCallerStillStarts() {
        String org = Fixtures.newOrg();
        String configId = Fixtures.register(Fixtures.config(org, "rate-limit")).getString("id");
        String ann = userToken("ann", org);
        InetAddress client = LoopbackAddresses.next();
        for (int i = 0; i < limit("sign-in-starts-per-caller"); i++) {
            assertEquals(400, authorize(client, ann, org, "not-a-uuid").statusCode());
        }
        assertTooMany(authorize(client, ann, org, configId));
        // The same caller from another address is still the same caller.
        assertTooMany(authorize(LoopbackAddresses.next(), ann, org, configId));
        authorize(client, userToken("bob", org), org, configId).then().statusCode(200);
    }

    @Test
    void signInStartsPastTheLimitOfOneAddressAre429ForEveryCallerFromItWhateverXForwardedForSays() {
        String org = Fixtures.newOrg();
        String configId = Fixtures.register(Fixtures.config(org, "rate-limit")).getString("id");
        InetAddress client = LoopbackAddresses.next();
        int permits = limit("sign-in-starts-per-address");
        int perCaller = limit("sign-in-starts-per-caller") - 1;
        String token = null;
        for (int i = 0; i < permits; i++) {
            if (i % perCaller == 0) {
                token = userToken("user-" + i, org);
            }
            assertEquals(400, from(client).header("X-Forwarded-For", "198.51.100." + (i % 250)).auth().oauth2(token)
                    .contentType("application/json").body("{}").post(AUTHORIZE, org, "not-a-uuid").statusCode());
        }
        assertTooMany(authorize(client, userToken("newcomer", org), org, configId));
        authorize(LoopbackAddresses.next(), userToken("elsewhere", org), org, configId).then().statusCode(200);
    }

    @Test
    void repeated401sFromAnAddressTurnEveryRequestOfItInto429UntilTheWindowEnds() {
        String org = Fixtures.newOrg();
        String configId = Fixtures.register(Fixtures.config(org, "rate-limit")).getString("id");
        InetAddress client = LoopbackAddresses.next();
        for (int i = 0; i < limit("unauthorized-per-address"); i++) {
            assertEquals(401, authorize(client, "forged." + i, org, configId).statusCode());
        }
        assertTooMany(authorize(client, userToken("ann", org), org, configId));
        authorize(LoopbackAddresses.next(), userToken("ann", org), org, configId).then().statusCode(200);
    }

    @Test
    void theInjectionEndpoints401ForAUserNotSignedInAreNotFailedAuthenticationsAndNeverLockTheRuntimeOut() {
        String org = Fixtures.newOrg();
        Fixtures.register(Fixtures.config(org, "rate-limit"));
        InetAddress runtime = LoopbackAddresses.next();
        String serviceToken = Functions.serviceToken();
        for (int i = 0; i <= limit("unauthorized-per-address"); i++) {
            from(runtime).auth().oauth2(serviceToken).header(Functions.USER_TOKEN, Functions.userToken(org, "user-" + i))
                    .contentType("application/json")
                    .body(Functions.resolveBody(org, "user-" + i, null, "acme.oauth.token").encode())
                    .post("/api/tokens/resolve").then().statusCode(401).body("error.name", equalTo("OAuthCredentialsMissingError"));
        }
        // Past the 401 limit, and still answered: those 401s were answers about users, not refused credentials.
        from(runtime).auth().oauth2(serviceToken).header(Functions.USER_TOKEN, Functions.userToken(org, "late"))
                .contentType("application/json")
                .body(Functions.resolveBody(org, "late", null, "acme.oauth.token").encode())
                .post("/api/tokens/resolve").then().statusCode(401).body("error.name", equalTo("OAuthCredentialsMissingError"));
    }
}

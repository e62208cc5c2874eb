package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.config.support.ProductionPoliciesProfile;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A dead credential-alias-service opens the breaker: removals then fail fast (503) without calling it, until it recovers. */
@QuarkusTest
@TestProfile(ProductionPoliciesProfile.class)
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class AliasCircuitBreakerTest {

    private static String create(String org, String title) {
        Map<String, Object> body = openIdConfig(title);
        body.put("issuer", "https://93.184.216.34");
        return as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");
    }

    @Test
    void breakerOpensAfterRepeatedFailuresFailsFastAndClosesWhenTheServiceIsBack() {
        String org = newOrg();
        String first = create(org, "breaker.one");
        String probe = create(org, "breaker.probe");
        FakeAliasService.stopListening();
        try {
            // 2 removals x (1 try + 2 retries) = 6 failures: more than the window of 4 needs.
            for (int i = 0; i < 2; i++) {
                as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, first).then().statusCode(503);
            }
        } finally {
            FakeAliasService.listen();
        }
        // The service is back, but the open breaker answers without asking it.
        as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, probe).then().statusCode(503)
                .body("dependency", equalTo("credential-alias-service"));
        assertEquals(0, FakeAliasService.callersFor(UUID.fromString(probe)).size(), "an open breaker does not call the dependency");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() ->
                as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, probe).statusCode() == 204);
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, first).then().statusCode(200);
    }
}

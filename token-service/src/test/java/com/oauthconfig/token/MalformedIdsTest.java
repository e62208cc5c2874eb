package com.oauthconfig.token;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.oauthconfig.token.support.Fixtures.userToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A path id that is not a canonical UUID is a 400 naming it, as on every service (common's RequestParams). */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class MalformedIdsTest {

    @Test
    void aMalformedConfigIdIsA400NamingItOnEveryEndpoint() {
        String org = Fixtures.newOrg();
        String member = userToken("ann", org);
        String admin = Rig.oidc().platformToken("adam", org, "ADMIN");
        for (String bad : List.of("not-a-uuid", "1-1-1-1-1", "00000000-0000-0000-0000-00000000000g")) {
            given().auth().oauth2(member).contentType("application/json").body("{}")
                    .post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, bad)
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("configId"));
            given().auth().oauth2(member).delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", org, bad)
                    .then().statusCode(400).body("errors[0].field", equalTo("configId"));
            given().auth().oauth2(admin).post("/api/orgs/{org}/oauth-configs/{id}/check", org, bad)
                    .then().statusCode(400).body("errors[0].field", equalTo("configId"));
        }
    }
}

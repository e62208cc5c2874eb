package com.oauthconfig.token;

import com.oauthconfig.rig.FreePorts;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class ConfigCheckTest {

    private static ValidatableResponse check(JsonObject config) {
        Fixtures.register(config);
        String org = config.getString("orgId");
        return given().auth().oauth2(Rig.oidc().platformToken("admin", org, "ADMIN"))
                .when().post("/api/orgs/{org}/oauth-configs/{id}/check", org, config.getString("id"))
                .then().statusCode(200).body(not(containsString("s3cret")));
    }

    @Test
    void soundConfigPassesWithoutErrors() {
        JsonObject config = Fixtures.config(Fixtures.newOrg(), "acme-okta").put("type", "OPENID");
        check(config).body("ok", equalTo(true))
                .body("findings.code", not(hasItem("ISSUER_MISMATCH")))
                .body("findings.code", not(hasItem("NO_REVOCATION_ENDPOINT")))
                .body("findings.code", not(hasItem("OFFLINE_ACCESS_MISSING")));
    }

    @Test
    void issuerThatDiffersFromDiscoveryIsReported() {
        JsonObject config = Fixtures.config(Fixtures.newOrg(), null).put("type", "OPENID")
                .put("issuer", Rig.oidc().issuer("acme-okta") + "/");
        check(config).body("ok", equalTo(false)).body("findings.code", hasItem("ISSUER_MISMATCH"));
    }

    @Test
    void unreachableProviderIsReported() {
        JsonObject config = Fixtures.config(Fixtures.newOrg(), null)
                .put("issuer", "http://localhost:" + FreePorts.pick() + "/nobody");
        check(config).body("ok", equalTo(false)).body("findings.code", hasItem("ISSUER_UNREACHABLE"));
    }

    @Test
    void missingOfflineAccessAndOpenidAndEndpointsAreReported() {
        JsonObject config = Fixtures.config(Fixtures.newOrg(), "acme-okta").put("scopes", new JsonArray().add("api.read"));
        check(config).body("findings.code", hasItem("OFFLINE_ACCESS_MISSING")).body("findings.code", hasItem("OPENID_SCOPE_MISSING"));

        JsonObject noIssuer = Fixtures.config(Fixtures.newOrg(), null);
        check(noIssuer).body("ok", equalTo(false)).body("findings.code", hasItem("NO_ISSUER_NO_ENDPOINTS"));
    }

    @Test
    void providerSpecificTrapsAreReported() {
        JsonObject auth0 = Fixtures.config(Fixtures.newOrg(), "acme-okta").put("type", "AUTH0");
        check(auth0).body("findings.code", hasItem("AUTH0_AUDIENCE_MISSING"));
        JsonObject graph = Fixtures.config(Fixtures.newOrg(), null).put("type", "GRAPH")
                .put("issuer", "https://sts.windows.net/contoso/");
        check(graph).body("findings.code", hasItem("GRAPH_V1_ISSUER"));
    }

    @Test
    void onlyAdminsAndOwnersOfTheOrganisationMayCheck() {
        JsonObject config = Fixtures.register(Fixtures.config(Fixtures.newOrg(), "acme-okta"));
        String org = config.getString("orgId");
        given().auth().oauth2(Fixtures.userToken("ann", org))
                .when().post("/api/orgs/{org}/oauth-configs/{id}/check", org, config.getString("id"))
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Rig.oidc().platformToken("admin", Fixtures.newOrg(), "ADMIN"))
                .when().post("/api/orgs/{org}/oauth-configs/{id}/check", org, config.getString("id"))
                .then().statusCode(404);
    }
}

package com.oauthconfig.token;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.FakeProvider;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.oauthconfig.token.support.Fixtures.authorizationUrl;
import static com.oauthconfig.token.support.Fixtures.callback;
import static com.oauthconfig.token.support.Fixtures.followToProvider;
import static com.oauthconfig.token.support.Fixtures.userToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A provider whose discovery document the test writes (a real HTTP server), for rules the rig's provider always passes. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
class ProviderMetadataRulesTest {

    /** Serves discovery at {@code /idp/.well-known/openid-configuration} and an empty JWKS. */
    private static void serveDiscovery(FakeProvider idp, JsonObject metadata) {
        idp.answer((req, form) -> {
            if (req.path().endsWith("/jwks")) {
                req.response().putHeader("Content-Type", "application/json").end("{\"keys\":[]}");
            } else if (req.path().endsWith("/.well-known/openid-configuration")) {
                req.response().putHeader("Content-Type", "application/json").end(metadata.encode());
            } else {
                req.response().setStatusCode(404).end();
            }
        });
    }

    @Test
    void checkReportsAProviderWithoutS256RevocationRefreshGrantOrKeys() {
        try (FakeProvider idp = new FakeProvider()) {
            String issuer = idp.url("/idp");
            serveDiscovery(idp, new JsonObject().put("issuer", issuer)
                    .put("authorization_endpoint", issuer + "/authorize").put("token_endpoint", issuer + "/token")
                    .put("jwks_uri", issuer + "/jwks")
                    .put("code_challenge_methods_supported", new JsonArray().add("plain"))
                    .put("grant_types_supported", new JsonArray().add("authorization_code")));
            String org = Fixtures.newOrg();
            JsonObject config = Fixtures.register(Fixtures.config(org, null).put("type", "OPENID").put("issuer", issuer));

            given().auth().oauth2(Rig.oidc().platformToken("admin", org, "OWNER"))
                    .when().post("/api/orgs/{org}/oauth-configs/{id}/check", org, config.getString("id"))
                    .then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("findings.code", hasItems("PKCE_S256_UNSUPPORTED", "NO_REVOCATION_ENDPOINT",
                            "REFRESH_GRANT_UNSUPPORTED", "JWKS_EMPTY"));
        }
    }

    @Test
    void providerAdvertisingTheIssParameterMustSendItOrTheCodeIsNotRedeemed() {
        try (FakeProvider idp = new FakeProvider()) {
            String issuer = idp.url("/idp");
            String rig = Rig.oidc().issuer("acme-okta");
            serveDiscovery(idp, new JsonObject().put("issuer", issuer)
                    .put("authorization_endpoint", rig + "/authorize").put("token_endpoint", rig + "/token")
                    .put("jwks_uri", rig + "/jwks")
                    .put("authorization_response_iss_parameter_supported", true));
            String org = Fixtures.newOrg();
            JsonObject config = Fixtures.register(Fixtures.config(org, null).put("type", "OPENID").put("issuer", issuer));
            String token = userToken("ann", org);
            Map<String, String> redirect = followToProvider(authorizationUrl(token, org, config.getString("id")));
            int tokenCalls = Rig.oidc().requestCount("acme-okta", "token");

            callback(token, redirect.get("code"), redirect.get("state"), null).then().statusCode(400)
                    .body("errors[0].field", equalTo("iss"));
            assertEquals(tokenCalls, Rig.oidc().requestCount("acme-okta", "token"), "the code was not redeemed");
        }
    }
}

package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * What a save tells the admin: {@code usePkce: false} is answered with a warning (PKCE with S256
 * stays on), and the login hint is a template checked at save against the placeholders the
 * token-service can fill.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class SaveWarningsAndLoginHintTest {

    @Test
    void savingUsePkceFalseAnswersAWarningThatPkceStaysOnAndTrueAnswersNone() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("pkce.off");
        body.put("usePkce", false);
        String id = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201)
                .body("usePkce", equalTo(false))
                .body("warnings", hasSize(1))
                .body("warnings[0].code", equalTo("pkce-always-on"))
                .body("warnings[0].detail", containsString("S256"))
                .extract().path("id");

        body.put("name", "Renamed");
        as(admin(org)).header("If-Match", "\"1\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("warnings.code", hasItem("pkce-always-on"));
        as(admin(org)).header("If-Match", "\"2\"").contentType("application/merge-patch+json").body(Map.of("usePkce", true))
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("usePkce", equalTo(true)).body("warnings", hasSize(0));
    }

    @Test
    void aLoginHintTemplateWithKnownPlaceholdersIsStoredAsWritten() {
        String org = newOrg();
        for (String template : new String[] {"{email}", "{username}@contoso.com", "{upn}", "kiosk@contoso.com"}) {
            Map<String, Object> body = openIdConfig("hint.t" + Math.abs(template.hashCode()));
            body.put("loginHint", template);
            String id = create(org, body);
            as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                    .body("loginHint", equalTo(template));
        }
    }

    @Test
    void aLoginHintWithAnUnknownPlaceholderOrUnbalancedBracesIs400NamingLoginHintAndNothingIsStored() {
        String org = newOrg();
        for (String bad : new String[] {"{mail}", "{sub}@contoso.com", "{email", "user}@x", "{}"}) {
            Map<String, Object> body = openIdConfig("hint.bad");
            body.put("loginHint", bad);
            as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("loginHint"));
        }
        as(admin(org)).get("/api/orgs/{org}/oauth-configs", org).then().statusCode(200).body("total", equalTo(0));

        String id = create(org, openIdConfig("hint.ok"));
        as(admin(org)).header("If-Match", "\"1\"").contentType("application/merge-patch+json").body(Map.of("loginHint", "{nick}"))
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(400).body("errors.field", hasItem("loginHint"));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().body("version", equalTo(1));
    }
}

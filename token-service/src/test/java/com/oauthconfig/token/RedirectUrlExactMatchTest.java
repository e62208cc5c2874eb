package com.oauthconfig.token;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OAuth flow (RFC 9700 §4.1.3): the redirect URL asked for at sign-in must be exactly one of the
 * config's registered {@code redirectUrls} — same scheme, case, host, port, path, no userinfo, query or
 * fragment added. Anything else is 400 problem+json naming {@code redirectUrl}, and nothing is stored:
 * no sign-in transaction, no call to the provider.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class RedirectUrlExactMatchTest {

    static final String ISSUER = "acme-okta";
    static final String SECOND = "https://app.example.test:8443/cb";

    static Map<String, String> nearMisses() {
        String r = Fixtures.REDIRECT; // https://app.example.test/oauth/done
        Map<String, String> m = new LinkedHashMap<>();
        m.put("prefix", "https://app.example.test/oauth");
        m.put("prefix without path", "https://app.example.test");
        m.put("suffix", r + "x");
        m.put("trailing slash", r + "/");
        m.put("extra path", r + "/evil");
        m.put("dot segments", "https://app.example.test/oauth/done/../../evil");
        m.put("encoded slash", "https://app.example.test/oauth%2Fdone");
        m.put("host case", "https://APP.example.test/oauth/done");
        m.put("path case", "https://app.example.test/OAuth/done");
        m.put("scheme case", "HTTPS://app.example.test/oauth/done");
        m.put("http scheme", "http://app.example.test/oauth/done");
        m.put("other port", "https://app.example.test:8443/oauth/done");
        m.put("explicit default port", "https://app.example.test:443/oauth/done");
        m.put("userinfo trick", "https://app.example.test@evil.example/oauth/done");
        m.put("userinfo on the real host", "https://evil@app.example.test/oauth/done");
        m.put("host suffix", "https://app.example.test.evil.example/oauth/done");
        m.put("trailing dot host", "https://app.example.test./oauth/done");
        m.put("fragment", r + "#frag");
        m.put("empty fragment", r + "#");
        m.put("query added", r + "?next=https://evil.example");
        m.put("empty query", r + "?");
        m.put("leading space", " " + r);
        m.put("trailing space", r + " ");
        m.put("trailing newline", r + "\n");
        m.put("nul byte", r + "\u0000");
        m.put("full-width lookalike", "https://ａpp.example.test/oauth/done");
        m.put("backslash", "https:\\\\app.example.test/oauth/done");
        m.put("registered URL inside another", "https://evil.example/?u=" + r);
        m.put("second URL with its port dropped", "https://app.example.test/cb");
        m.put("empty", "");
        m.put("huge", r + "/" + "a".repeat(10_000));
        return m;
    }

    @Test
    void aRedirectUrlThatIsNotExactlyRegisteredIsRefusedAndNothingIsStored() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER)
                .put("redirectUrls", new JsonArray().add(Fixtures.REDIRECT).add(SECOND)));
        String configId = config.getString("id");
        String token = Fixtures.userToken("ann", org);
        int providerCalls = Rig.oidc().requestCount(ISSUER, "token");

        int refused = 0;
        for (var miss : nearMisses().entrySet()) {
            Response r = authorize(token, org, configId, new JsonObject().put("redirectUrl", miss.getValue()));
            String what = miss.getKey() + " (" + miss.getValue().replace("\n", "\\n") + "): " + r.statusCode() + " " + r.asString();
            assertEquals(400, r.statusCode(), what);
            assertTrue(r.contentType().startsWith("application/problem+json"), what);
            r.then().body("errors[0].field", equalTo("redirectUrl"));
            assertFalse(r.asString().contains("authorizationUrl"), what);
            refused++;
        }
        assertEquals(nearMisses().size(), refused);
        assertEquals(0, TenancyMatrixTest.count("select count(*) from auth_state where org_id = ?", org), "no state created");
        assertEquals(providerCalls, Rig.oidc().requestCount(ISSUER, "token"));

        // Wrong JSON types for the member are refused the same way.
        for (String raw : new String[] {"{\"redirectUrl\":1}", "{\"redirectUrl\":[\"" + Fixtures.REDIRECT + "\"]}",
                "{\"redirectUrl\":{\"url\":\"" + Fixtures.REDIRECT + "\"}}", "{\"redirectUrl\":true}"}) {
            Response r = given().auth().oauth2(token).contentType("application/json").body(raw)
                    .post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, configId);
            assertEquals(400, r.statusCode(), raw + ": " + r.asString());
            assertTrue(r.contentType().startsWith("application/problem+json"), raw);
        }
        assertEquals(0, TenancyMatrixTest.count("select count(*) from auth_state where org_id = ?", org), "no state created");
    }

    @Test
    void eachExactlyRegisteredRedirectUrlIsUsedAsItIsAndBoundToTheTransaction() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER)
                .put("redirectUrls", new JsonArray().add(Fixtures.REDIRECT).add(SECOND)));
        String token = Fixtures.userToken("ann", org);
        for (String exact : new String[] {Fixtures.REDIRECT, SECOND}) {
            String url = authorize(token, org, config.getString("id"), new JsonObject().put("redirectUrl", exact))
                    .then().statusCode(200).extract().path("authorizationUrl");
            assertEquals(exact, Fixtures.query(url.substring(url.indexOf('?') + 1)).get("redirect_uri"));
        }
        // Without a choice the first registered URL is used.
        String url = authorize(token, org, config.getString("id"), new JsonObject())
                .then().statusCode(200).extract().path("authorizationUrl");
        assertEquals(Fixtures.REDIRECT, Fixtures.query(url.substring(url.indexOf('?') + 1)).get("redirect_uri"));
        assertEquals(3, TenancyMatrixTest.count("select count(*) from auth_state where org_id = ?", org));
        assertEquals(1, TenancyMatrixTest.count("select count(*) from auth_state where org_id = ? and redirect_uri = ?", org, SECOND));
    }

    private static Response authorize(String token, String org, String configId, JsonObject body) {
        return given().auth().oauth2(token).contentType("application/json").body(body.encode())
                .post("/api/orgs/{org}/oauth-configs/{id}/authorize", org, configId);
    }
}

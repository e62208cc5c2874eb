package com.oauthconfig.token;

import com.oauthconfig.rig.ForgedTokens;
import com.oauthconfig.rig.OidcProvider;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Functions;
import com.oauthconfig.token.support.Upstream;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static com.oauthconfig.token.support.Functions.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens: expired, wrong issuer, wrong audience, {@code alg: none}, an unknown signing key, a
 * tampered payload and a non-JWT are 401 problem+json on every token-service endpoint — with the roles
 * each endpoint would accept — and change nothing: no sign-in transaction, no token stored or revoked,
 * no call to the provider, no call to a function's target, the pending state still usable.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class TokenAttacksTest {

    static final String ISSUER = "acme-okta";

    Upstream upstream;

    @BeforeEach
    void start() {
        upstream = new Upstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void everyForgedOrExpiredTokenIs401OnEveryEndpointAndChangesNothing() {
        String org = Fixtures.newOrg();
        JsonObject config = Fixtures.register(Fixtures.config(org, ISSUER));
        String configId = config.getString("id");
        // The forged tokens' subjects (mallory, and alice after tampering) are real signed-in users here,
        // so a sign-out that got through would visibly remove their tokens.
        for (String user : List.of("mallory", "alice")) {
            Fixtures.signIn(user, org, configId);
        }
        String mallory = Fixtures.userToken("mallory", org);
        Map<String, String> pending = Fixtures.followToProvider(Fixtures.authorizationUrl(mallory, org, configId));
        String before = Fixtures.dumpOrg(org);
        int providerCalls = Rig.oidc().requestCount(ISSUER, "token");
        int configReads = FakeConfigService.reads(configId) + FakeConfigService.titleReads();

        Map<String, BiFunction<RequestSpecification, String, Response>> endpoints = Map.of(
                "POST authorize", (s, o) -> s.contentType("application/json").body("{\"loginHint\":\"mallory@acme.example\"}")
                        .post("/api/orgs/{org}/oauth-configs/{id}/authorize", o, configId),
                "DELETE tokens/me", (s, o) -> s.delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", o, configId),
                "POST check", (s, o) -> s.post("/api/orgs/{org}/oauth-configs/{id}/check", o, configId),
                "GET callback", (s, o) -> s.queryParam("code", pending.get("code")).queryParam("state", pending.get("state"))
                        .get("/api/oauth/callback"),
                "POST execute", (s, o) -> s.contentType("application/json").header(Functions.USER_TOKEN, Functions.userToken(o, "mallory"))
                        .body(call(o, "mallory", "acme.oauth.token", "GET", upstream.url("/me")).encode()).post("/api/functions/execute"),
                "POST resolve", (s, o) -> s.contentType("application/json").header(Functions.USER_TOKEN, Functions.userToken(o, "mallory"))
                        .body(Functions.resolveBody(o, "mallory", null, "acme.oauth.token").encode())
                        .post("/api/tokens/resolve"));
        int introspectionsBefore = Rig.oidc().requestCount(OidcProvider.PLATFORM_ISSUER_ID, "introspect");
        // Each endpoint gets forgeries of the very token it would accept.
        Map<String, Map<String, String>> forgeriesFor = Map.of(
                "POST authorize", ForgedTokens.all(org, "MEMBER"),
                "DELETE tokens/me", ForgedTokens.all(org, "MEMBER"),
                "POST check", ForgedTokens.all(org, "ADMIN", "OWNER"),
                "GET callback", ForgedTokens.all(org, "MEMBER"),
                "POST execute", ForgedTokens.all(org, "SERVICE"),
                "POST resolve", ForgedTokens.all(org, "SERVICE"));

        int refused = 0;
        for (var endpoint : endpoints.entrySet()) {
            for (var forgery : forgeriesFor.get(endpoint.getKey()).entrySet()) {
                Response r = endpoint.getValue().apply(given().auth().oauth2(forgery.getValue()), org);
                String what = forgery.getKey() + " on " + endpoint.getKey() + ": " + r.statusCode() + " " + r.asString();
                assertEquals(401, r.statusCode(), what);
                assertTrue(r.contentType().startsWith("application/problem+json"), what);
                r.then().body("status", equalTo(401));
                refused++;
            }
        }
        assertEquals(6 * 7, refused);
        // Refused locally: no forged token makes this service call the identity provider's introspection endpoint.
        assertEquals(introspectionsBefore, Rig.oidc().requestCount(OidcProvider.PLATFORM_ISSUER_ID, "introspect"));

        assertEquals(before, Fixtures.dumpOrg(org), "no sign-in transaction or token row created, changed or removed");
        assertEquals(providerCalls, Rig.oidc().requestCount(ISSUER, "token"), "the provider's token endpoint was never called");
        assertEquals(configReads, FakeConfigService.reads(configId) + FakeConfigService.titleReads(), "no config was even read");
        assertTrue(upstream.received().isEmpty(), "no function target was called");
        // The pending sign-in was neither spent nor redeemed: its owner completes it now.
        Fixtures.callback(mallory, pending.get("code"), pending.get("state"), null).then().statusCode(200);
        assertEquals(providerCalls + 1, Rig.oidc().requestCount(ISSUER, "token"));
        Functions.execute(call(org, "mallory", "acme.oauth.token", "GET", upstream.url("/me"))).then().statusCode(200);
        assertEquals(1, upstream.received().size());
    }
}

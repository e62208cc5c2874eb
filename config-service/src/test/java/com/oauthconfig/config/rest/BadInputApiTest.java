package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.registerDomains;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Every kind of bad input gets a 4xx problem+json naming the field and rule, and changes nothing. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class BadInputApiTest {

    private static final String PROBLEM = "application/problem+json";

    static Stream<Arguments> fieldRules() {
        return Stream.of(
                rule("name", b -> b.put("name", " "), "blank"),
                rule("name", b -> b.remove("name"), "required"),
                rule("title", b -> b.put("title", "1 not an identifier"), "dot-separated"),
                rule("type", b -> b.remove("type"), "required"),
                rule("imageUrl", b -> b.put("imageUrl", "http://img.example.com/x.png"), "https"),
                rule("loginHint", b -> b.put("loginHint", "x".repeat(300)), "at most 256"),
                rule("domains[0]", b -> b.put("domains", List.of("not-ours.com")), "not a registered domain"),
                rule("domains[0]", b -> b.put("domains", List.of("*.not-ours.com")), "not a registered domain"),
                rule("redirectUrls", b -> b.put("redirectUrls", List.of()), "at least one"),
                rule("redirectUrls[0]", b -> b.put("redirectUrls", List.of("https://app.example.com/cb#x")), "fragment"),
                rule("redirectUrls[0]", b -> b.put("redirectUrls", List.of("http://app.example.com/cb")), "https or an app's custom scheme"),
                rule("redirectUrls[0]", b -> b.put("redirectUrls", List.of("javascript:alert(1)")), "https or an app's custom scheme"),
                rule("clientId", b -> b.put("clientId", "x".repeat(300)), "at most 256"),
                rule("clientSecret", b -> b.put("clientSecret", "x".repeat(2000)), "1-1024"),
                rule("clientSecret", b -> b.put("clientSecret", 42), "string"),
                rule("issuer", b -> b.put("issuer", "not a url"), "URL"),
                rule("issuer", b -> b.put("issuer", "https://idp.example.com?tenant=1"), "query"),
                rule("endpoints.token", b -> {
                    b.remove("issuer");
                    b.put("endpoints", Map.of("authorization", "https://idp.example.com/authorize", "jwks", "https://idp.example.com/jwks"));
                }, "when no issuer"),
                rule("endpoints.userinfo", b -> b.put("endpoints", Map.of("userinfo", "ftp://idp.example.com/me")), "http(s)"),
                rule("endpoints.jwks", b -> {
                    b.remove("issuer");
                    b.put("endpoints", Map.of("authorization", "https://idp.example.com/a", "token", "https://idp.example.com/t"));
                }, "OPENID"),
                rule("scopes", b -> b.put("scopes", List.of()), "at least one"),
                rule("scopes[1]", b -> b.put("scopes", List.of("openid", "has space")), "scope token"),
                rule("scopes", b -> b.put("scopes", List.of("profile")), "openid"),
                rule("apiHosts[0]", b -> b.put("apiHosts", List.of("https://api.example.com/")), "host name"),
                rule("domains", b -> b.put("ssoEnabled", true), "ssoEnabled"),
                rule("tenantId", b -> b.put("type", "GRAPH"), "required for GRAPH"),
                rule("tenantId", b -> b.put("tenantId", "8eaef023-2b34-4da1-9baa-8bc8c9d6a490"), "only to type GRAPH"),
                rule("issuer", b -> {
                    b.put("type", "OKTA");
                    b.put("issuer", "https://acme.okta.com/");
                }, "trailing slash"),
                rule("audience", b -> {
                    b.put("type", "AUTH0");
                    b.put("issuer", "https://acme.auth0.com/");
                }, "required for AUTH0"),
                rule("orgId", b -> b.put("orgId", "org-someone-else"), "organisation"),
                // Jackson-level rules, mapped by common's ProblemMapper
                rule("colour", b -> b.put("colour", "blue"), "unknown field"),
                rule("endpoints.tokn", b -> b.put("endpoints", Map.of("tokn", "https://idp.example.com/t")), "unknown field"),
                rule("type", b -> b.put("type", "SAML"), "one of GRAPH, OKTA, OPENID, AUTH0"),
                rule("name", b -> b.put("name", 123), "a string"),
                rule("usePkce", b -> b.put("usePkce", "yes"), "true or false"),
                rule("scopes", b -> b.put("scopes", "openid"), "an array"),
                rule("endpoints", b -> b.put("endpoints", "https://idp.example.com"), "an object"));
    }

    private static Arguments rule(String field, Consumer<Map<String, Object>> change, String ruleFragment) {
        return Arguments.of(field, change, ruleFragment);
    }

    @ParameterizedTest(name = "{0} ~ {2}")
    @MethodSource("fieldRules")
    void createWithABrokenFieldRuleAnswers400NamingTheFieldAndStoresNothing(String field, Consumer<Map<String, Object>> change,
                                                                           String ruleFragment) {
        String org = newOrg();
        registerDomains(org, "example.com");
        Map<String, Object> body = openIdConfig("bad.input");
        change.accept(body);
        as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", containsString("urn:oauth-platform:problem:"))
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.rule", containsString(ruleFragment))
                .body(not(containsString("Exception")));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs", org).then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void replaceWithABrokenRuleAnswers400AndLeavesTheRecordAsItWas() {
        String org = newOrg();
        String id = create(org, openIdConfig("stays.same"));
        Map<String, Object> body = openIdConfig("stays.same");
        body.put("redirectUrls", List.of("https://x.example.com/#frag"));
        body.put("name", "Changed");
        as(admin(org)).header("If-Match", "\"1\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(400).body("errors[0].field", equalTo("redirectUrls[0]"));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then()
                .body("version", equalTo(1)).body("name", equalTo("Sign in with Example"));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}/audit", org, id).then().body("total", equalTo(1));
        Map<String, Object> otherId = openIdConfig("stays.same");
        otherId.put("id", "00000000-0000-0000-0000-000000000000");
        as(admin(org)).header("If-Match", "\"1\"").body(otherId).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(400).body("errors[0].field", equalTo("id"));
    }

    @Test
    void duplicateTitleInTheSameOrganisationIsAConflictIgnoringCase() {
        String org = newOrg();
        create(org, openIdConfig("Acme.Token"));
        as(admin(org)).body(openIdConfig("acme.token")).post("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(409).contentType(PROBLEM).body("errors[0].field", equalTo("title"));
        // Another organisation may use the same title.
        String other = newOrg();
        create(other, openIdConfig("acme.token"));
    }

    @Test
    void malformedJsonIsA400ProblemWithoutInternals() {
        String org = newOrg();
        given().auth().oauth2(admin(org)).contentType(ContentType.JSON).body("{\"name\": \"x\",")
                .post("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(400).contentType(PROBLEM).body("type", equalTo("urn:oauth-platform:problem:malformed-body"))
                .body(not(containsString("jackson")));
        given().auth().oauth2(admin(org)).contentType(ContentType.JSON).body("[1,2]")
                .post("/api/orgs/{org}/oauth-configs", org).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void oversizedBodyIsA413Problem() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("big.body");
        body.put("loginHint", "x".repeat(70_000));
        as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(413).contentType(PROBLEM);
    }

    @Test
    void missingExpiredOrForeignTokensAre401Problems() {
        String org = newOrg();
        given().contentType(ContentType.JSON).get("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", containsString("Bearer"));
        String expired = Rig.oidc().platformToken("u", Map.of("org_id", org, "roles", List.of("ADMIN")), -60);
        given().auth().oauth2(expired).get("/api/orgs/{org}/oauth-configs", org).then().statusCode(401).contentType(PROBLEM);
        // Signed by a different issuer of the same provider: right shape, wrong issuer.
        String foreign = Rig.oidc().server().issueToken("okta", "u", new no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback(
                "okta", "u", "JWT", List.of("oauth-platform"), Map.of("org_id", org, "roles", List.of("ADMIN")), 3600)).serialize();
        given().auth().oauth2(foreign).get("/api/orgs/{org}/oauth-configs", org).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2("not.a.jwt").get("/api/orgs/{org}/oauth-configs", org).then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void putWithoutIfMatchIs428AndWithGarbageIfMatchIs400() {
        String org = newOrg();
        String id = create(org, openIdConfig("needs.etag"));
        as(admin(org)).body(openIdConfig("needs.etag")).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(428).contentType(PROBLEM);
        as(admin(org)).header("If-Match", "W/\"1\"").body(openIdConfig("needs.etag")).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(400).body("errors[0].field", equalTo("If-Match"));
    }

    @Test
    void malformedIdsAre400NamingTheFieldAndUnknownOnes404() {
        String org = newOrg();
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, "not-a-uuid").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("id"));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, java.util.UUID.randomUUID()).then().statusCode(404);
    }
}

package com.oauthconfig.config.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.config.support.EventCollector;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.List;
import java.util.Map;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.registerDomains;
import static com.oauthconfig.config.support.Api.service;
import static com.oauthconfig.config.support.Api.support;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Single-sign-on resolution by e-mail domain, ambiguity warnings, and the registered domains behind them. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class SsoAndDomainsTest {

    private static String sso(String org, String title, String name, String... domains) {
        Map<String, Object> body = openIdConfig(title);
        body.put("name", name);
        body.put("ssoEnabled", true);
        body.put("domains", List.of(domains));
        body.put("loginHint", "hint-" + title);
        body.put("imageUrl", "https://img.example.com/" + title + ".png");
        body.put("clientSecret", "never-on-a-login-screen");
        return create(org, body);
    }

    @Test
    void providersAreOrderedExactThenSubdomainWildcardThenAnyAndShowOnlyLoginFields() {
        String org = newOrg();
        registerDomains(org, "acme.com", "eu.acme.com");
        String exact = sso(org, "exact", "Exact", "acme.com");
        String wildcard = sso(org, "wild", "Wildcard", "*.acme.com");
        String euWildcard = sso(org, "euwild", "EU wildcard", "*.eu.acme.com");
        String any = sso(org, "any", "Anyone", "*");
        Map<String, Object> notSso = openIdConfig("not.sso");
        notSso.put("domains", List.of("acme.com"));
        create(org, notSso);

        given().queryParam("email", "jane@ACME.com").get("/api/orgs/{org}/sso/providers", org).then().statusCode(200)
                .body("items.id", contains(exact, any));
        given().queryParam("email", "joe@paris.eu.acme.com").get("/api/orgs/{org}/sso/providers", org).then()
                .body("items.id", contains(euWildcard, wildcard, any));
        given().queryParam("email", "sam@sales.acme.com").get("/api/orgs/{org}/sso/providers", org).then()
                .body("items.id", contains(wildcard, any));
        given().queryParam("email", "x@elsewhere.org").get("/api/orgs/{org}/sso/providers", org).then()
                .body("items.id", contains(any));
        var body = given().queryParam("email", "jane@acme.com").get("/api/orgs/{org}/sso/providers", org).then()
                .body("items[0].keySet()", containsInAnyOrder("id", "name", "imageUrl", "type", "loginHint"))
                .body("items[0].loginHint", equalTo("hint-exact"))
                .body("items[0].type", equalTo("OPENID"))
                .extract().asString();
        assertFalse(body.contains("never-on-a-login-screen"));
        assertFalse(body.contains("clientId"));
    }

    @Test
    void anEmailAuthoritativeProviderIsStoredReadBackAndCarriedInTheInternalReadAndTheEvent() throws Exception {
        String org = newOrg();
        registerDomains(org, "corp.example.com");
        try (EventCollector events = new EventCollector()) {
            Map<String, Object> body = openIdConfig("corp.sso");
            body.put("ssoEnabled", true);
            body.put("ssoEmailAuthoritative", true);
            body.put("domains", List.of("corp.example.com"));
            String id = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201)
                    .body("ssoEmailAuthoritative", equalTo(true)).extract().path("id");
            as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                    .body("ssoEmailAuthoritative", equalTo(true));
            as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                    .body("ssoEmailAuthoritative", equalTo(true));
            List<ConsumerRecord<String, String>> got = events.awaitFor(List.of(id), Duration.ofSeconds(30), rs -> !rs.isEmpty());
            JsonNode created = new ObjectMapper().readTree(got.get(0).value());
            assertTrue(created.path("config").path("ssoEmailAuthoritative").asBoolean(false), "the event carries it: " + created);
        }

        Map<String, Object> anyDomain = openIdConfig("corp.any");
        anyDomain.put("ssoEnabled", true);
        anyDomain.put("ssoEmailAuthoritative", true);
        anyDomain.put("domains", List.of("corp.example.com", "*"));
        as(admin(org)).body(anyDomain).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(400)
                .body("errors.field", hasItem("ssoEmailAuthoritative"));
        Map<String, Object> noSso = openIdConfig("corp.nosso");
        noSso.put("ssoEmailAuthoritative", true);
        noSso.put("domains", List.of("corp.example.com"));
        as(admin(org)).body(noSso).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(400)
                .body("errors.field", hasItem("ssoEmailAuthoritative"));
    }

    @Test
    void unknownOrganisationHasNoProvidersAndBadEmailIs400() {
        given().queryParam("email", "a@b.com").get("/api/orgs/{org}/sso/providers", newOrg()).then().statusCode(200)
                .body("items", empty());
        given().queryParam("email", "not-an-email").get("/api/orgs/{org}/sso/providers", newOrg()).then().statusCode(400)
                .body("errors[0].field", equalTo("email"));
        given().get("/api/orgs/{org}/sso/providers", newOrg()).then().statusCode(400).body("errors[0].field", equalTo("email"));
    }

    @Test
    void savingAConfigThatMakesSignInAmbiguousSucceedsWithAWarning() {
        String org = newOrg();
        registerDomains(org, "acme.com");
        String first = sso(org, "first.sso", "First", "acme.com", "*");
        Map<String, Object> second = openIdConfig("second.sso");
        second.put("ssoEnabled", true);
        second.put("domains", List.of("acme.com"));
        as(admin(org)).body(second).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201)
                .body("warnings", hasSize(1))
                .body("warnings[0].code", equalTo("sso-ambiguous"))
                .body("warnings[0].otherConfigId", equalTo(first))
                .body("warnings[0].domains", contains("acme.com"));
        Map<String, Object> third = openIdConfig("third.sso");
        third.put("ssoEnabled", true);
        third.put("domains", List.of("*.acme.com"));
        as(admin(org)).body(third).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).body("warnings", empty());
    }

    @Test
    void supportRegistersDomainsAdminsReadThemAndDomainsInUseCannotBeDropped() {
        String org = newOrg();
        as(support()).body(Map.of("domains", List.of("Acme.com", "acme.io"))).put("/api/orgs/{org}/domains", org)
                .then().statusCode(200).body("domains", contains("acme.com", "acme.io")).body("updatedBy", equalTo("support-agent"));
        as(admin(org)).get("/api/orgs/{org}/domains", org).then().statusCode(200).body("domains", contains("acme.com", "acme.io"));
        as(admin(org)).body(Map.of("domains", List.of("evil.com"))).put("/api/orgs/{org}/domains", org).then().statusCode(403);

        as(support()).body(Map.of("domains", List.of("acme.com", "*.acme.com"))).put("/api/orgs/{org}/domains", org)
                .then().statusCode(400).body("errors[0].field", equalTo("domains[1]"));

        Map<String, Object> body = openIdConfig("uses.acme.io");
        body.put("domains", List.of("*.acme.io"));
        String id = create(org, body);
        as(support()).body(Map.of("domains", List.of("acme.com"))).put("/api/orgs/{org}/domains", org)
                .then().statusCode(409).body("usedBy." + id + ".domain", equalTo("*.acme.io"));
        as(admin(org)).get("/api/orgs/{org}/domains", org).then().body("domains", contains("acme.com", "acme.io"));
    }
}

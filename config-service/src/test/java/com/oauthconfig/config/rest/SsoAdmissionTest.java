package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.config.SsoAdmissionQuestion;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.SchemaCheck;
import io.vertx.core.json.JsonObject;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.registerDomains;
import static com.oauthconfig.config.support.Api.service;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** The token-service's SSO question: may this provider-verified e-mail sign in through this configuration? */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class SsoAdmissionTest {

    private static final String PATH = "/internal/orgs/{org}/sso/admissions";

    private static String sso(String org, String title, boolean enabled, String... domains) {
        Map<String, Object> body = openIdConfig(title);
        body.put("ssoEnabled", enabled);
        body.put("domains", List.of(domains));
        return create(org, body);
    }

    /** Asks as the token-service does; the question and every answer are held to their contract schemas. */
    private static ValidatableResponse ask(String token, String org, String configId, String email) {
        SsoAdmissionQuestion question = new SsoAdmissionQuestion(configId, email);
        SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_SSO_ADMISSION_QUESTION, JsonObject.mapFrom(question).encode());
        ValidatableResponse answer = as(token).body(question).post(PATH, org).then();
        if (answer.extract().statusCode() == 200) {
            SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_SSO_ADMISSION_ANSWER, answer.extract().asString());
        }
        return answer;
    }

    @Test
    void exactAndWildcardEntriesAdmitRegisteredDomainsAndAnyAdmitsEveryDomain() {
        String org = newOrg();
        registerDomains(org, "acme.com");
        String exact = sso(org, "exact", true, "acme.com");
        String wildcard = sso(org, "wild", true, "*.acme.com");
        String any = sso(org, "any", true, "*");
        String token = service("token-service");

        ask(token, org, exact, "Jane@ACME.com").statusCode(200).body("admitted", equalTo(true))
                .body("decision", equalTo("ADMITTED")).body("match", equalTo("EXACT"))
                .body("configId", equalTo(exact)).body("version", equalTo(1)).body("orgId", equalTo(org))
                .body(not(containsString("acme.com")));
        ask(token, org, exact, "joe@sales.acme.com").statusCode(200).body("admitted", equalTo(false))
                .body("decision", equalTo("DOMAIN_NOT_ALLOWED")).body("match", equalTo("NONE"));
        ask(token, org, wildcard, "joe@sales.acme.com").statusCode(200).body("admitted", equalTo(true)).body("match", equalTo("WILDCARD"));
        ask(token, org, wildcard, "jane@acme.com").statusCode(200).body("admitted", equalTo(false));
        ask(token, org, exact, "eve@acme.com.evil.example").statusCode(200).body("admitted", equalTo(false));
        ask(token, org, any, "guest@elsewhere.org").statusCode(200).body("admitted", equalTo(true)).body("match", equalTo("ANY"));
    }

    @Test
    void aConfigWithoutSsoOrADomainNoLongerRegisteredIsNotAdmitted() throws Exception {
        String org = newOrg();
        registerDomains(org, "acme.com");
        String notSso = sso(org, "not.sso", false, "acme.com");
        String exact = sso(org, "exact", true, "acme.com");
        String token = service("token-service");
        ask(token, org, notSso, "jane@acme.com").statusCode(200).body("admitted", equalTo(false)).body("decision", equalTo("SSO_DISABLED"));

        // Saving refuses such a state; an operator's edit of the table must not open sign-in to a domain nobody registered.
        try (Connection c = com.oauthconfig.rig.Rig.postgres().connect("config_service");
             PreparedStatement ps = c.prepareStatement("update organisation set domains = '[]' where org_id = ?")) {
            ps.setString(1, org);
            ps.executeUpdate();
        }
        ask(token, org, exact, "jane@acme.com").statusCode(200).body("admitted", equalTo(false))
                .body("decision", equalTo("DOMAIN_NOT_REGISTERED")).body("match", equalTo("EXACT"));
    }

    @Test
    void onlyTheTokenServiceMayAskAndAnotherOrganisationsConfigIsNotFound() {
        String org = newOrg();
        registerDomains(org, "acme.com");
        String exact = sso(org, "exact", true, "acme.com");
        ask(service("credential-alias-service"), org, exact, "jane@acme.com").statusCode(403);
        ask(admin(org), org, exact, "jane@acme.com").statusCode(403);
        ask(service("token-service"), newOrg(), exact, "jane@acme.com").statusCode(404)
                .body(not(containsString("exact")));
        ask(service("token-service"), org, UUID.randomUUID().toString(), "jane@acme.com").statusCode(404);
    }

    @Test
    void badInputIs400NamingTheField() {
        String org = newOrg();
        String token = service("token-service");
        ask(token, org, "not-a-uuid", "jane@acme.com").statusCode(400).body("errors[0].field", equalTo("configId"));
        ask(token, org, UUID.randomUUID().toString(), "no-at-sign").statusCode(400).body("errors[0].field", equalTo("email"));
        as(token).body("{}").post(PATH, org).then().statusCode(400).body("errors[0].field", equalTo("configId"));
    }
}

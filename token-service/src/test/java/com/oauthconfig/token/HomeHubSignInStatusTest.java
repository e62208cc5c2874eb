package com.oauthconfig.token;

import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.testing.SchemaCheck;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.contracts.alias.AliasResolution;
import com.oauthconfig.contracts.alias.AliasStatus;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
import com.oauthconfig.token.support.Upstream;
import com.oauthconfig.token.usage.ConfigUsage;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.oauthconfig.token.support.Functions.call;
import static com.oauthconfig.token.support.Functions.execute;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Home Hub's sign-in status of a solution: its OAuth aliases, the titles an ADMIN declared and
 * the titles its functions used (recorded on execute/resolve), each with the caller's state, read
 * without calling any provider.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
@WithTestResource(FakeConfigService.class)
@WithTestResource(FakeAliasService.class)
class HomeHubSignInStatusTest {

    static final String ISSUER = "homehub-okta";
    static final String STATUS = "/api/orgs/{org}/solutions/{solution}/sign-in-status";

    @Inject
    ConfigUsage usage;

    Upstream upstream;

    @BeforeEach
    void start() {
        upstream = new Upstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
        FakeAliasService.failResolutionsWith(0);
    }

    private static JsonObject config(String org, String title, String name) {
        return Fixtures.register(Fixtures.config(org, ISSUER).put("title", title).put("name", name)
                .put("imageUrl", "https://cdn.example/" + title + ".png"));
    }

    private static JsonPath status(String token, String org, String solution) {
        return given().auth().oauth2(token).when().get(STATUS, org, solution).then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
    }

    @Test
    void everyRequiredCredentialIsListedWithTheUsersStateAndNoProviderIsCalled() {
        String org = Fixtures.newOrg();
        JsonObject crm = config(org, "crm.token", "CRM");
        JsonObject mail = config(org, "mail.token", "Mail");
        JsonObject files = config(org, "files.token", "Files");
        JsonObject hr = config(org, "hr.token", "HR");
        FakeAliasService.alias(org, "sol-1", "Sales CRM", new AliasResolution(java.util.UUID.randomUUID(), java.util.UUID.fromString(crm.getString("id")), AliasStatus.OK, null));
        FakeAliasService.alias(org, "sol-1", "Old CRM", new AliasResolution(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), AliasStatus.BROKEN, "configuration removed"));
        FakeAliasService.alias(org, "sol-2", "Elsewhere", new AliasResolution(java.util.UUID.randomUUID(), java.util.UUID.fromString(hr.getString("id")), AliasStatus.OK, null));
        FakeAliasService.declare(org, "sol-1", "mail.token", "gone.token");

        Fixtures.signIn("ann", org, crm.getString("id"));
        Fixtures.signIn("ann", org, files.getString("id"));
        // The solution's function used files.token by title (twice) and hr.token in another solution.
        execute(call(org, "ann", "files.token", "GET", upstream.url("/f")).put("solutionId", "sol-1")).then().statusCode(200);
        execute(call(org, "ann", "files.token", "GET", upstream.url("/f")).put("solutionId", "sol-1")).then().statusCode(200);
        execute(call(org, "ann", "hr.token", "GET", upstream.url("/h")).put("solutionId", "sol-2")).then().statusCode(401);
        usage.flush().await().atMost(Duration.ofSeconds(10));
        // ann's files token is expired but a refresh token is held: still signed in, refreshed only when used.
        Fixtures.update("update user_token set access_expires_at = now() - interval '1 minute' where org_id = ? and config_id = ?",
                org, files.getString("id"));
        int providerCalls = Rig.oidc().requestCount(ISSUER, "token");

        JsonPath s = status(Fixtures.userToken("ann", org), org, "sol-1");

        assertEquals("sol-1", s.getString("solutionId"));
        assertEquals(List.of("Old CRM", "Sales CRM"), s.getList("items.aliasName").subList(0, 2));
        List<Map<String, Object>> items = s.getList("items");
        assertEquals(5, items.size(), items.toString());
        Map<String, Object> broken = items.get(0);
        assertEquals("ALIAS_BROKEN", broken.get("status"));
        assertNull(broken.get("authorizePath"));
        Map<String, Object> salesCrm = items.get(1);
        assertEquals(crm.getString("id"), salesCrm.get("configId"));
        assertEquals("CRM", salesCrm.get("name"));
        assertEquals("https://cdn.example/crm.token.png", salesCrm.get("imageUrl"));
        assertEquals("OKTA", salesCrm.get("type"));
        assertEquals("SIGNED_IN", salesCrm.get("status"));
        assertTrue(OffsetDateTime.parse((String) salesCrm.get("accessExpiresAt")).toInstant().isAfter(Instant.now()));
        assertEquals("/api/orgs/" + org + "/oauth-configs/" + crm.getString("id") + "/authorize", salesCrm.get("authorizePath"));
        assertNull(salesCrm.get("title"));
        // Then by title, sorted: files.token (used), gone.token and mail.token (declared).
        assertEquals(List.of("files.token", "gone.token", "mail.token"), s.getList("items.title").subList(2, 5));
        assertEquals("SIGNED_IN", items.get(2).get("status"));
        assertEquals("Files", items.get(2).get("name"));
        assertEquals("CONFIG_REMOVED", items.get(3).get("status"));
        assertNull(items.get(3).get("authorizePath"));
        assertEquals("NOT_SIGNED_IN", items.get(4).get("status"));
        assertEquals("Mail", items.get(4).get("name"));
        assertEquals(mail.getString("id"), items.get(4).get("configId"));
        // What a member sees of a config: name, image, type; nothing else of it.
        assertEquals(Set.of("configId", "title", "aliasName", "name", "imageUrl", "type", "status", "accessExpiresAt", "authorizePath"),
                items.get(1).keySet());
        assertTrue(!s.prettify().contains("clientId") && !s.prettify().contains(crm.getString("clientId"))
                && !s.prettify().contains("issuer"), s.prettify());

        assertEquals(providerCalls, Rig.oidc().requestCount(ISSUER, "token"), "no provider call, no refresh");
        // bob, never signed in, sees the same list with his own state.
        JsonPath bob = status(Fixtures.userToken("bob", org), org, "sol-1");
        assertEquals(List.of("ALIAS_BROKEN", "NOT_SIGNED_IN", "NOT_SIGNED_IN", "CONFIG_REMOVED", "NOT_SIGNED_IN"), bob.getList("items.status"));
    }

    @Test
    void directUsesByTitleAreRecordedPerSolutionWithLastUseAndCountButAliasUsesAreNot() {
        String org = Fixtures.newOrg();
        JsonObject files = config(org, "files.token", "Files");
        FakeAliasService.alias(org, "sol-1", "Files alias", new AliasResolution(java.util.UUID.randomUUID(), java.util.UUID.fromString(files.getString("id")), AliasStatus.OK, null));
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < 3; i++) {
            execute(call(org, "ann", "files.token", "GET", upstream.url("/f")).put("solutionId", "sol-1")).then().statusCode(401);
        }
        execute(call(org, "ann", "files.token", "GET", upstream.url("/f"))).then().statusCode(401);
        execute(call(org, "ann", "Files alias", "GET", upstream.url("/f")).put("solutionId", "sol-1")).then().statusCode(401);
        usage.flush().await().atMost(Duration.ofSeconds(10));

        Map<String, Object> row = Fixtures.row("select * from config_usage where org_id = ? and solution_id = 'sol-1'", org);
        assertNotNull(row);
        assertEquals(files.getString("id"), row.get("config_id"));
        assertEquals(3L, row.get("use_count"), "three uses by title; the use through the alias is the alias's");
        assertTrue(((java.sql.Timestamp) row.get("last_used_at")).toInstant().isAfter(before));
        assertEquals(1L, Fixtures.row("select * from config_usage where org_id = ? and solution_id = ''", org).get("use_count"));
    }

    @Test
    void aDeclinedSignInIsShownAsSignInDeniedAndAfterSignOutAsRevoked() {
        String org = Fixtures.newOrg();
        JsonObject mail = config(org, "mail.token", "Mail");
        FakeAliasService.declare(org, "sol-1", "mail.token");
        String token = Fixtures.userToken("ann", org);
        String url = Fixtures.authorizationUrl(token, org, mail.getString("id"));
        given().auth().oauth2(token).queryParam("state", Fixtures.query(url.substring(url.indexOf('?') + 1)).get("state"))
                .queryParam("error", "access_denied").when().get("/api/oauth/callback").then().statusCode(400);
        assertEquals("SIGN_IN_DENIED", status(token, org, "sol-1").getString("items[0].status"));

        Fixtures.signIn("ann", org, mail.getString("id"));
        assertEquals("SIGNED_IN", status(token, org, "sol-1").getString("items[0].status"));
        given().auth().oauth2(token).when().delete("/api/orgs/{org}/oauth-configs/{id}/tokens/me", org, mail.getString("id"))
                .then().statusCode(204);
        assertEquals("REVOKED", status(token, org, "sol-1").getString("items[0].status"));
    }

    @Test
    void membersAdminsAndOwnersReadItOthersDoNotAndADependencyDownIs503NamingIt() {
        String org = Fixtures.newOrg();
        config(org, "mail.token", "Mail");
        FakeAliasService.declare(org, "sol-1", "mail.token");
        for (String role : List.of("MEMBER", "ADMIN", "OWNER")) {
            given().auth().oauth2(Rig.oidc().platformToken("u", org, role)).when().get(STATUS, org, "sol-1").then().statusCode(200)
                    .body("items[0].name", equalTo("Mail"));
        }
        given().auth().oauth2(Rig.oidc().platformToken("u", Fixtures.newOrg(), "ADMIN")).when().get(STATUS, org, "sol-1")
                .then().statusCode(404);
        given().auth().oauth2(Rig.oidc().staffSupportToken("agent")).when().get(STATUS, org, "sol-1").then().statusCode(404);
        given().auth().oauth2(Rig.oidc().serviceToken("function-runtime")).when().get(STATUS, org, "sol-1").then().statusCode(404);
        given().when().get(STATUS, org, "sol-1").then().statusCode(401);
        given().auth().oauth2(Fixtures.userToken("ann", org)).when().get(STATUS, org, "bad solution!").then().statusCode(400)
                .body("errors[0].field", equalTo("solutionId"));

        FakeAliasService.failResolutionsWith(503);
        given().auth().oauth2(Fixtures.userToken("ann", org)).when().get(STATUS, org, "sol-1").then().statusCode(503)
                .contentType("application/problem+json").body("dependency", equalTo("credential-alias-service"));
    }

    @Test
    void theConfigServiceReadsAConfigsRecentDirectUsesPerSolutionAndNobodyElseDoes() {
        String org = Fixtures.newOrg();
        JsonObject files = config(org, "files.token", "Files");
        String id = files.getString("id");
        String path = "/internal/orgs/{org}/oauth-configs/{id}/usage";
        execute(call(org, "ann", "files.token", "GET", upstream.url("/f")).put("solutionId", "sol-1")).then().statusCode(401);
        execute(call(org, "ann", "files.token", "GET", upstream.url("/f")).put("solutionId", "sol-2")).then().statusCode(401);
        usage.flush().await().atMost(Duration.ofSeconds(10));
        Fixtures.update("update config_usage set last_used_at = now() - interval '40 days' where org_id = ? and solution_id = 'sol-2'", org);
        String since = Instant.now().minus(Duration.ofDays(30)).toString();

        String answer = given().auth().oauth2(Rig.oidc().serviceToken("config-service")).queryParam("since", since)
                .when().get(path, org, id).then().statusCode(200).extract().asString();
        SchemaCheck.assertValid(ContractSchema.CONFIG_DIRECT_USES, answer);
        JsonPath uses = new JsonPath(answer);
        assertEquals(org, uses.getString("orgId"));
        assertEquals(List.of("sol-1"), uses.getList("items.solutionId"), "sol-2's use is older than the window");
        assertEquals(1, uses.getInt("items[0].useCount"));
        assertNotNull(uses.getString("items[0].lastUsedAt"));
        // Another organisation's path learns nothing of it.
        given().auth().oauth2(Rig.oidc().serviceToken("config-service")).queryParam("since", since)
                .when().get(path, Fixtures.newOrg(), id).then().statusCode(200).body("items.size()", equalTo(0));

        for (String other : List.of(Rig.oidc().serviceToken("function-runtime"), Rig.oidc().serviceToken("credential-alias-service"),
                Rig.oidc().platformToken("admin", org, "ADMIN"))) {
            given().auth().oauth2(other).queryParam("since", since).when().get(path, org, id).then().statusCode(403);
        }
        given().auth().oauth2(Rig.oidc().serviceToken("config-service")).queryParam("since", "last month")
                .when().get(path, org, id).then().statusCode(400).body("errors[0].field", equalTo("since"));
        given().auth().oauth2(Rig.oidc().serviceToken("config-service")).queryParam("since", since)
                .when().get(path, org, "not-a-uuid").then().statusCode(400).body("errors[0].field", equalTo("configId"));
    }
}

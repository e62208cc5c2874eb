package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.service;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Removal asks the credential-alias-service first, over real HTTP with a service token. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class RemovalTest {

    private static int rowsFor(String id) throws Exception {
        try (Connection c = Rig.postgres().connect("config_service");
             PreparedStatement ps = c.prepareStatement("select count(*) from oauth_config where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String withSecret(String org, String title) {
        Map<String, Object> body = openIdConfig(title);
        body.put("clientSecret", "to-be-shredded");
        return create(org, body);
    }

    @Test
    void unreferencedConfigIsRemovedWithItsSealedSecretAfterAskingWithAServiceToken() throws Exception {
        String org = newOrg();
        String id = withSecret(org, "unused.config");
        as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(204);

        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(404);
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(404);
        assertEquals(0, rowsFor(id), "the row and with it the wrapped data key are gone");
        List<JsonObject> callers = FakeAliasService.callersFor(UUID.fromString(id));
        assertEquals(1, callers.size());
        assertEquals("config-service", callers.get(0).getString("sub"));
        assertTrue(callers.get(0).getJsonArray("roles").contains("SERVICE"));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}/audit", org, id).then().statusCode(200)
                .body("items.action", contains("REMOVED", "CREATED")).body("items[0].version", equalTo(2));
    }

    @Test
    void referencedConfigAnswers409ListingReferencesUnlessForced() throws Exception {
        String org = newOrg();
        String id = create(org, openIdConfig("used.config"));
        FakeAliasService.reference(UUID.fromString(id), "sol-1", UUID.randomUUID(), "crm");
        FakeAliasService.reference(UUID.fromString(id), "sol-2", UUID.randomUUID(), "erp");

        as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(409)
                .contentType("application/problem+json")
                .body("references", hasSize(2))
                .body("references.solutionId", contains("sol-1", "sol-2"))
                .body("references.name", contains("crm", "erp"))
                .body("totalReferences", equalTo(2));
        assertEquals(1, rowsFor(id));
        as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200).body("version", equalTo(1));

        as(admin(org)).queryParam("force", "true").delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(204);
        assertEquals(0, rowsFor(id));
    }

    @Test
    void aliasServiceThatNeverAnswersGives503AndRemovesNothing() throws Exception {
        String org = newOrg();
        String id = withSecret(org, "slow.dependency");
        FakeAliasService.silentFor(UUID.fromString(id));
        as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(503)
                .contentType("application/problem+json")
                .body("dependency", equalTo("credential-alias-service"));
        assertEquals(1, rowsFor(id));
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                .body("clientSecret", equalTo("to-be-shredded"));
        assertTrue(FakeAliasService.callersFor(UUID.fromString(id)).size() >= 2, "bounded retries were made");
        assertTrue(FakeAliasService.callersFor(UUID.fromString(id)).size() <= 3, "but no more than 1 + 2 retries");
    }

    @Test
    void unreachableAliasServiceGives503AndRemovesNothing() throws Exception {
        String org = newOrg();
        String id = create(org, openIdConfig("dependency.down"));
        FakeAliasService.stopListening();
        try {
            as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(503)
                    .body("dependency", equalTo("credential-alias-service"))
                    .body("detail", equalTo("credential-alias-service is unavailable; nothing was changed"));
        } finally {
            FakeAliasService.listen();
        }
        assertEquals(1, rowsFor(id));
        as(admin(org)).delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(204);
    }

    @Test
    void staleIfMatchOnRemovalIs412AndNothingIsRemoved() throws Exception {
        String org = newOrg();
        String id = create(org, openIdConfig("stale.remove"));
        as(admin(org)).header("If-Match", "\"7\"").delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(412);
        assertEquals(1, rowsFor(id));
        assertFalse(FakeAliasService.callersFor(UUID.fromString(id)).size() > 0, "a stale request is refused before asking the dependency");
    }

    @Test
    void anotherOrganisationCannotRemoveAndLearnsNothing() throws Exception {
        String org = newOrg();
        String id = create(org, openIdConfig("not.yours"));
        as(admin(newOrg())).delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(404);
        String other = newOrg();
        as(admin(other)).delete("/api/orgs/{org}/oauth-configs/{id}", other, id).then().statusCode(404);
        assertEquals(1, rowsFor(id));
    }
}

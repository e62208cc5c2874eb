package com.oauthconfig.config.rest;

import com.oauthconfig.config.repository.RetiredOAuthConfigEntity;
import com.oauthconfig.contracts.ContractSchema;
import com.oauthconfig.contracts.config.InternalOAuthConfig;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.contracts.testing.SchemaCheck;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.sealerWith;
import static com.oauthconfig.config.support.Api.service;
import static com.oauthconfig.config.support.Api.testIssuer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A replaced or removed configuration stays readable, secret included, by the token-service alone
 * for the grace window and is shredded afterwards; moving the provider (issuer or an endpoint's
 * origin) needs the client secret again.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class RetiredConfigAndProviderMoveTest {

    private static final String PATH = (InternalOAuthConfig.PATH + InternalOAuthConfig.RETIRED).replace("{orgId}", "{org}");

    private static long count(String sql, String id) throws Exception {
        try (Connection c = Rig.postgres().connect("config_service"); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void exec(String sql, String id) throws Exception {
        try (Connection c = Rig.postgres().connect("config_service"); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(id));
            ps.executeUpdate();
        }
    }

    private static String withSecret(String org, String title, String secret) {
        Map<String, Object> body = openIdConfig(title);
        body.put("clientSecret", secret);
        body.put("endpoints", Map.of("token", "https://idp.example.com/oauth2/token",
                "revocation", "https://idp.example.com/oauth2/revoke"));
        return create(org, body);
    }

    @Test
    void aRemovedConfigIsReadableWithItsSecretByTheTokenServiceOnlyUntilShredded() throws Exception {
        String org = newOrg();
        String id = withSecret(org, "retired.removed", "removed-secret-1");
        as(admin(org)).queryParam("force", "true").delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(204);
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(404);

        // The removal had version 2: what the config was before it, secret included.
        SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_INTERNAL, as(service("token-service")).get(PATH, org, id, 2).then().statusCode(200)
                .body("id", equalTo(id)).body("version", equalTo(1)).body("clientSecret", equalTo("removed-secret-1"))
                .body("endpoints.revocation", equalTo("https://idp.example.com/oauth2/revoke")).extract().asString());
        as(service("credential-alias-service")).get(PATH, org, id, 2).then().statusCode(403)
                .contentType("application/problem+json").body(not(containsString("removed-secret-1")));
        as(admin(org)).get(PATH, org, id, 2).then().statusCode(403).body(not(containsString("removed-secret-1")));
        as(service("token-service")).get(PATH, newOrg(), id, 2).then().statusCode(404);
        as(service("token-service")).get(PATH, org, id, 1).then().statusCode(404);
        as(service("token-service")).get(PATH, org, id, "two").then().statusCode(400).body("errors.field", hasItem("version"));
        assertFalse(sealedValueContains(id, "removed-secret-1"), "sealed at rest");

        // The grace window ends: the scheduled job deletes the row and with it the wrapped data key.
        exec("update retired_oauth_config set shred_after = now() - interval '1 second' where config_id = ?", id);
        as(service("token-service")).get(PATH, org, id, 2).then().statusCode(404);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from retired_oauth_config where config_id = ?", id) == 0);
    }

    @Test
    void aRetiredCopysSecretMovesToTheActiveKeyAndStillOpensForTheRevocation() throws Exception {
        String org = newOrg();
        String id = withSecret(org, "retired.rotated", "copy-secret");
        as(admin(org)).queryParam("force", "true").delete("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(204);
        // As if the copy had been kept before the rotation: its secret sealed under the retired key.
        String old = sealerWith("dev-0").seal("copy-secret", RetiredOAuthConfigEntity.secretContext(org, UUID.fromString(id), 2));
        try (Connection c = Rig.postgres().connect("config_service");
             PreparedStatement ps = c.prepareStatement("update retired_oauth_config set client_secret_sealed = ? where config_id = ?")) {
            ps.setString(1, old);
            ps.setObject(2, UUID.fromString(id));
            assertEquals(1, ps.executeUpdate());
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> count("select count(*) from retired_oauth_config where config_id = ? "
                + "and client_secret_sealed like 'v1.dev-1.%'", id) == 1);
        // What the token-service's revocation reads, once the retired key may leave the configuration.
        as(service("token-service")).get(PATH, org, id, 2).then().statusCode(200).body("clientSecret", equalTo("copy-secret"));
    }

    private static boolean sealedValueContains(String id, String secret) throws Exception {
        try (Connection c = Rig.postgres().connect("config_service");
             PreparedStatement ps = c.prepareStatement("select client_secret_sealed, config from retired_oauth_config where config_id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1).contains(secret) || rs.getString(2).contains(secret);
            }
        }
    }

    @Test
    void anUpdateKeepsWhatTheConfigWasBeforeIt() {
        String org = newOrg();
        String id = withSecret(org, "retired.updated", "first-secret");
        Map<String, Object> body = openIdConfig("retired.updated");
        body.put("endpoints", Map.of("token", "https://idp.example.com/v2/token", "revocation", "https://idp.example.com/v2/revoke"));
        // Same origin, another path: the stored secret is kept without sending it again.
        as(admin(org)).header("If-Match", "\"1\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("version", equalTo(2));
        SchemaCheck.assertValid(ContractSchema.OAUTH_CONFIG_INTERNAL, as(service("token-service")).get(PATH, org, id, 2).then()
                .statusCode(200).body("version", equalTo(1))
                .body("endpoints.revocation", equalTo("https://idp.example.com/oauth2/revoke")).body("clientSecret", equalTo("first-secret"))
                .extract().asString());
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then()
                .body("clientSecret", equalTo("first-secret")).body("endpoints.revocation", equalTo("https://idp.example.com/v2/revoke"));
    }

    @Test
    void onlyAChangeThatMayRetireUsersTokensKeepsACopyOfTheSecret() throws Exception {
        String org = newOrg();
        String id = withSecret(org, "retired.only.when.needed", "kept-once-secret");
        // Name, redirect URLs and a new secret: users' tokens stay valid, nothing revokes them.
        as(admin(org)).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(Map.of("name", "Renamed", "redirectUrls", List.of("com.example.app:/oauth2redirect2"),
                        "clientSecret", "next-secret"))
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200).body("version", equalTo(2));
        assertEquals(0, count("select count(*) from retired_oauth_config where config_id = ?", id),
                "an update that retires no user's tokens keeps no copy of the secret");
        as(service("token-service")).get(PATH, org, id, 2).then().statusCode(404);

        // Scopes are consent: users' tokens are retired and revoked at the provider as it was.
        as(admin(org)).contentType("application/merge-patch+json").header("If-Match", "\"2\"")
                .body(Map.of("scopes", List.of("openid", "email")))
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200).body("version", equalTo(3));
        as(service("token-service")).get(PATH, org, id, 3).then().statusCode(200).body("version", equalTo(2))
                .body("name", equalTo("Renamed")).body("clientSecret", equalTo("next-secret"));
        assertEquals(1, count("select count(*) from retired_oauth_config where config_id = ?", id));
    }

    @Test
    void movingAnEndpointToAnotherOriginWithoutTheSecretIs400NamingClientSecretAndChangesNothing() {
        String org = newOrg();
        String id = withSecret(org, "moved.endpoint", "kept-secret");
        for (String moved : new String[] {"https://evil.example.net/oauth2/token", "http://idp.example.com/oauth2/token",
                "https://idp.example.com:8443/oauth2/token"}) {
            Map<String, Object> body = openIdConfig("moved.endpoint");
            body.put("endpoints", Map.of("token", moved, "revocation", "https://idp.example.com/oauth2/revoke"));
            as(admin(org)).header("If-Match", "\"1\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("clientSecret"));
        }
        // PATCH alike, for the revocation endpoint alone.
        as(admin(org)).header("If-Match", "\"1\"").contentType("application/merge-patch+json")
                .body(Map.of("endpoints", Map.of("revocation", "https://evil.example.net/revoke")))
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(400).body("errors[0].field", equalTo("clientSecret"));
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                .body("version", equalTo(1)).body("endpoints.token", equalTo("https://idp.example.com/oauth2/token"));

        // Whoever knows the secret may move the provider.
        as(admin(org)).header("If-Match", "\"1\"").contentType("application/merge-patch+json")
                .body(Map.of("endpoints", Map.of("revocation", "https://other.example.net/revoke"), "clientSecret", "new-secret"))
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("version", equalTo(2));
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then()
                .body("clientSecret", equalTo("new-secret"));
    }

    @Test
    void changingTheIssuerWithoutTheSecretIs400NamingClientSecret() {
        String org = newOrg();
        String id = withSecret(org, "moved.issuer", "kept-secret");
        Map<String, Object> body = openIdConfig("moved.issuer");
        body.put("issuer", Rig.oidc().issuer("another-idp"));
        as(admin(org)).header("If-Match", "\"1\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(400).body("errors[0].field", equalTo("clientSecret"));
        body.put("clientSecret", "another-idps-secret");
        as(admin(org)).header("If-Match", "\"1\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200);
        as(service("token-service")).get(PATH, org, id, 2).then().body("issuer", equalTo(testIssuer()))
                .body("clientSecret", equalTo("kept-secret"));
    }

    @Test
    void aConfigWithoutSecretMovesWithoutOne() {
        String org = newOrg();
        String id = create(org, openIdConfig("public.client"));
        Map<String, Object> body = openIdConfig("public.client");
        body.put("issuer", Rig.oidc().issuer("another-idp"));
        as(admin(org)).header("If-Match", "\"1\"").body(body).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200);
        assertEquals(2, as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).then().extract().<Integer>path("version"));
    }
}

package com.oauthconfig.config.rest;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.registerDomains;
import static com.oauthconfig.config.support.Api.sealerWith;
import static com.oauthconfig.config.support.Api.service;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client secret is write-only, sealed at rest, bound to its row, and only the internal read opens it. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class SecretSafetyTest {

    private static String row(String sql, String id) throws Exception {
        try (Connection c = Rig.postgres().connect("config_service"); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void exec(String sql, Object... args) throws Exception {
        try (Connection c = Rig.postgres().connect("config_service"); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void secretNeverAppearsInAnyResponseLogLineOrAuditAndIsNotPlaintextInTheDatabase() throws Exception {
        String org = newOrg();
        registerDomains(org, "example.com");
        String secret = "plain-" + UUID.randomUUID();
        Map<String, Object> body = openIdConfig("secret.safe");
        body.put("clientSecret", secret);
        body.put("ssoEnabled", true);
        body.put("domains", List.of("example.com"));
        List<String> responses = new ArrayList<>();
        var created = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org);
        responses.add(created.asString());
        String id = created.path("id");
        Map<String, Object> changed = openIdConfig("secret.safe");
        changed.put("clientSecret", secret + "-2");
        changed.put("ssoEnabled", true);
        changed.put("domains", List.of("example.com"));
        responses.add(as(admin(org)).header("If-Match", "\"1\"").body(changed).put("/api/orgs/{org}/oauth-configs/{id}", org, id).asString());
        responses.add(as(admin(org)).header("If-Match", "\"2\"").contentType("application/merge-patch+json")
                .body(Map.of("clientSecret", secret)).patch("/api/orgs/{org}/oauth-configs/{id}", org, id).asString());
        responses.add(as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}", org, id).asString());
        responses.add(as(admin(org)).get("/api/orgs/{org}/oauth-configs", org).asString());
        var audit = as(admin(org)).get("/api/orgs/{org}/oauth-configs/{id}/audit", org, id);
        responses.add(audit.asString());
        responses.add(as(admin(org)).queryParam("email", "u@example.com").get("/api/orgs/{org}/sso/providers", org).asString());
        // bad input that carries the secret: the error must not echo it
        Map<String, Object> bad = openIdConfig("secret.safe");
        bad.put("clientSecret", secret + "\u0001");
        responses.add(as(admin(org)).header("If-Match", "\"3\"").body(bad).put("/api/orgs/{org}/oauth-configs/{id}", org, id).asString());

        for (String r : responses) {
            assertFalse(r.contains(secret), "a response contains the secret: " + r);
        }
        audit.then().body("items[0].changes.find { it.field == 'clientSecret' }.change", equalTo("changed"));

        String sealed = row("select client_secret_sealed from oauth_config where id = ?", id);
        assertTrue(sealed.startsWith("v1.dev-1."), sealed);
        String wholeRow = row("select row_to_json(c)::text from oauth_config c where id = ?", id);
        assertFalse(wholeRow.contains(secret), "plaintext secret stored");
        assertFalse(wholeRow.contains(java.util.Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))));
        String auditRows = row("select string_agg(changes, ' ') from oauth_config_audit where config_id = ?", id);
        assertFalse(auditRows.contains(secret));

        // the internal read is the one place that returns it
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                .body("clientSecret", equalTo(secret));

        // The scan must read the live log of this run: a marker written now has to show up in it first.
        Path log = Path.of("target/config-service-test.log");
        String marker = "log scan after the secret flow of config " + id;
        Logger.getLogger(SecretSafetyTest.class).info(marker);
        await("this run writes the scanned log file " + log).atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(log) && Files.readString(log).contains(marker));
        assertFalse(Files.readString(log).contains(secret), "the log contains the secret");
    }

    @Test
    void replaceWithoutSecretKeepsItAndExplicitNullRemovesIt() {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("keep.secret");
        body.put("clientSecret", "keep-me");
        String id = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");

        Map<String, Object> withoutSecret = openIdConfig("keep.secret");
        withoutSecret.put("name", "Other name");
        as(admin(org)).header("If-Match", "\"1\"").body(withoutSecret).put("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("clientSecretSet", equalTo(true));
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().body("clientSecret", equalTo("keep-me"));

        Map<String, Object> nulled = new java.util.HashMap<>();
        nulled.put("clientSecret", null);
        as(admin(org)).header("If-Match", "\"2\"").contentType("application/merge-patch+json").body(nulled)
                .patch("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("clientSecretSet", equalTo(false)).body("version", equalTo(3));
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().body("clientSecret", nullValue());
    }

    @Test
    void sealedSecretCopiedToAnotherRecordDoesNotDecryptThere() throws Exception {
        String org = newOrg();
        Map<String, Object> a = openIdConfig("victim.config");
        a.put("clientSecret", "victim-secret");
        String victim = as(admin(org)).body(a).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");
        Map<String, Object> b = openIdConfig("attacker.config");
        b.put("clientSecret", "attacker-secret");
        String attacker = as(admin(org)).body(b).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");

        exec("update oauth_config set client_secret_sealed = (select client_secret_sealed from oauth_config where id = ?) where id = ?",
                UUID.fromString(victim), UUID.fromString(attacker));

        var r = as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, attacker);
        assertEquals(500, r.statusCode(), "a moved ciphertext must fail integrity, not decrypt: " + r.asString());
        assertFalse(r.asString().contains("victim-secret"));
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, victim).then().statusCode(200)
                .body("clientSecret", equalTo("victim-secret"));
    }

    @Test
    void rewrapJobMovesSecretsFromARetiredKeyToTheActiveKey() throws Exception {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("rotate.me");
        String id = as(admin(org)).body(body).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201).extract().path("id");

        // Seal as an older deployment would have, with the retired key dev-0.
        EnvelopeCipher old = sealerWith("dev-0");
        String sealedWithOldKey = old.seal("rotated-secret", "oauth-config|" + org + "|" + id);
        exec("update oauth_config set client_secret_sealed = ? where id = ?", sealedWithOldKey, UUID.fromString(id));

        await().atMost(Duration.ofSeconds(20)).until(() -> row("select client_secret_sealed from oauth_config where id = ?", id)
                .startsWith("v1.dev-1."));
        String rewrapped = row("select client_secret_sealed from oauth_config where id = ?", id);
        assertNotEquals(sealedWithOldKey, rewrapped);
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                .body("clientSecret", equalTo("rotated-secret")).body("version", equalTo(1));
    }
}

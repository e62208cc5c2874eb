package com.oauthconfig.config;

import com.oauthconfig.common.crypto.EnvelopeCipher;
import com.oauthconfig.common.crypto.KeyRing;
import com.oauthconfig.config.health.KeyRotationHealthCheck;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.config.support.Api.sealerWith;
import static com.oauthconfig.config.support.Api.service;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class HealthTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;
    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    @Test
    void readinessIsUpAndCoversTheDatabaseTheBrokerAndKeyRotationWithoutKeyIdsOrAddresses() {
        String body = given().when().get(ready)
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "Kafka connection health check",
                        "client-secret key rotation"))
                .body("checks.find { it.name == 'client-secret key rotation' }.data.secretsOnRetiredKeys", greaterThanOrEqualTo(0))
                .extract().asString();
        // Unauthenticated, so it names no key id, host or port.
        for (String secretish : new String[] {"dev-1", "dev-0", "localhost", "127.0.0.1", "postgresql://", "jdbc:"}) {
            assertFalse(body.contains(secretish), secretish + " in " + body);
        }
    }

    @Test
    void keyRotationProbeIsZeroAgainRightAfterTheRewrapMovedARetiredSecret() throws Exception {
        String org = newOrg();
        Map<String, Object> body = openIdConfig("rotation.probe");
        body.put("clientSecret", "probe-secret");
        String id = create(org, body);
        EnvelopeCipher retired = sealerWith("dev-0");
        exec("update oauth_config set client_secret_sealed = ? where id = ?",
                retired.seal("probe-secret", "oauth-config|" + org + "|" + id), UUID.fromString(id));

        await().atMost(Duration.ofSeconds(20)).until(() -> sealedOf(id).startsWith("v1.dev-1."));
        given().get(ready).then().statusCode(200)
                .body("checks.find { it.name == 'client-secret key rotation' }.data.secretsOnRetiredKeys", equalTo(0));
        as(service("token-service")).get("/internal/orgs/{org}/oauth-configs/{id}", org, id).then().statusCode(200)
                .body("clientSecret", equalTo("probe-secret"));
    }

    @Test
    void aSecretUnderAKeyNoLongerInTheRingHoldsBackNoOtherAndStaysCounted() throws Exception {
        String org = newOrg();
        Map<String, Object> first = openIdConfig("rotation.dropped");
        first.put("clientSecret", "dropped-secret");
        String droppedId = create(org, first);
        Map<String, Object> second = openIdConfig("rotation.movable");
        second.put("clientSecret", "movable-secret");
        String movableId = create(org, second);
        EnvelopeCipher retired = sealerWith("dev-0");
        // Under a key dropped from the ring too early (or restored from an old backup): it cannot be moved.
        EnvelopeCipher dropped = new EnvelopeCipher(KeyRing.of("dropped", Map.of(
                "dropped", java.util.Base64.getEncoder().encodeToString(new byte[32]))));
        exec("update oauth_config set client_secret_sealed = ? where id = ?",
                dropped.seal("dropped-secret", "oauth-config|" + org + "|" + droppedId), UUID.fromString(droppedId));
        exec("update oauth_config set client_secret_sealed = ? where id = ?",
                retired.seal("movable-secret", "oauth-config|" + org + "|" + movableId), UUID.fromString(movableId));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> sealedOf(movableId).startsWith("v1.dev-1."));
            assertTrue(sealedOf(droppedId).startsWith("v1.dropped."));
            // The operator still sees that something depends on a key that is no longer there.
            given().get(ready).then()
                    .body("checks.find { it.name == 'client-secret key rotation' }.data.secretsOnRetiredKeys", greaterThanOrEqualTo(1));
        } finally {
            EnvelopeCipher active = sealerWith("dev-1");
            exec("update oauth_config set client_secret_sealed = ? where id = ?",
                    active.seal("dropped-secret", "oauth-config|" + org + "|" + droppedId), UUID.fromString(droppedId));
        }
    }

    /**
     * The probe's query counts secrets on keys sorting before and after the active one, and
     * PostgreSQL can answer it from the key-id index: rows changed inside a transaction the
     * rewrap job cannot see, then rolled back.
     */
    @Test
    void keyRotationCountComesFromTheKeyIdIndexAndCountsKeysOnBothSidesOfTheActiveOne() throws Exception {
        String org = newOrg();
        List<String> ids = new ArrayList<>();
        for (String title : new String[] {"index.before", "index.after"}) {
            Map<String, Object> body = openIdConfig(title);
            body.put("clientSecret", "s-" + title);
            ids.add(create(org, body));
        }
        String sql = com.oauthconfig.config.repository.ClientSecretRows.RETIRED_COUNT_SQL.replace("$1", "?");
        try (Connection c = Rig.postgres().connect("config_service")) {
            long outside = count(c, sql);
            c.setAutoCommit(false);
            try {
                // Shapes only: the count looks at the key id, never opens the value.
                update(c, "v1.aaa-retired.AAAA.AAAA", ids.get(0));
                update(c, "v1.zzz-retired.AAAA.AAAA", ids.get(1));
                // A retired copy kept for revocations during the grace window counts as well.
                retiredCopy(c, "v1.aaa-retired.AAAA.AAAA", ids.get(0));
                retiredCopy(c, "v1.dev-1.AAAA.AAAA", ids.get(1));
                assertEquals(outside + 3, count(c, sql));
                try (Statement st = c.createStatement()) {
                    st.execute("set local enable_seqscan = off");
                }
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement ps = activeKeyBound(c.prepareStatement("explain " + sql))) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                }
                assertTrue(plan.toString().contains("oauth_config_secret_kek"), plan.toString());
                assertTrue(plan.toString().contains("retired_oauth_config_secret_kek"), plan.toString());
            } finally {
                c.rollback();
            }
        }
    }

    private static PreparedStatement activeKeyBound(PreparedStatement ps) throws Exception {
        for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
            ps.setString(i, "dev-1");
        }
        return ps;
    }

    private static long count(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = activeKeyBound(c.prepareStatement(sql))) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void update(Connection c, String sealed, String id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("update oauth_config set client_secret_sealed = ? where id = ?")) {
            ps.setString(1, sealed);
            ps.setObject(2, UUID.fromString(id));
            ps.executeUpdate();
        }
    }

    private static void retiredCopy(Connection c, String sealed, String configId) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("insert into retired_oauth_config (id, config_id, org_id, retired_by_version, "
                + "config, client_secret_sealed, retired_at, shred_after) values (?, ?, 'org', 2, '{}', ?, now(), now() + interval '1 hour')")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, UUID.fromString(configId));
            ps.setString(3, sealed);
            ps.executeUpdate();
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

    private static String sealedOf(String id) throws Exception {
        try (Connection c = Rig.postgres().connect("config_service");
             PreparedStatement ps = c.prepareStatement("select client_secret_sealed from oauth_config where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    @Test
    void healthMetricsAndOpenApiAreOnTheManagementInterfaceOnly() {
        given().get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get(openapi).then().statusCode(200).body(containsString("openapi"));
        for (String path : new String[] {"/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi"}) {
            given().get(path).then().statusCode(404).body(not(containsString("UP")));
        }
    }
}

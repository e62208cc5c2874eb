package com.oauthconfig.token;

import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import com.oauthconfig.token.keys.StoredTokenRows;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.token.support.Fixtures;
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

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "token_service"))
// Same resources as the other tests, so one application start serves them all.
@WithTestResource(FakeConfigService.class)
class HealthTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void readinessIsUpAndCoversTheDatabaseTheBrokerAndKeyRotationWithoutKeyIdsOrAddresses() {
        String body = given().when().get(ready)
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "Kafka connection health check",
                        "token key rotation"))
                .body("checks.find { it.name == 'token key rotation' }.data.tokensOnRetiredKeys", greaterThanOrEqualTo(0))
                .extract().asString();
        // Unauthenticated, so it names no key id, host or port.
        for (String secretish : new String[] {"\"test\"", "test-0", "localhost", "127.0.0.1", "postgresql://", "jdbc:"}) {
            assertFalse(body.contains(secretish), secretish + " in " + body);
        }
    }

    @Test
    void healthAndMetricsAreOnTheManagementInterfaceOnly() {
        given().get(metrics).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        for (String path : new String[] {"/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi"}) {
            given().get(path).then().statusCode(404).body(not(containsString("UP")));
        }
    }

    /**
     * The probe's query counts rows whose access or refresh token is on a key sorting before or
     * after the active one, and PostgreSQL can answer it from the key-id indexes: rows written
     * inside a transaction the rewrap job cannot see, then rolled back.
     */
    @Test
    void keyRotationCountComesFromTheKeyIdIndexesAndCountsUsersAndPendingRevocationsTokensOnBothSidesOfTheActiveKey() throws Exception {
        String org = Fixtures.newOrg();
        String sql = StoredTokenRows.RETIRED_COUNT_SQL.replace("$1", "?");
        try (Connection c = Rig.postgres().connect(Fixtures.DATABASE)) {
            long outside = count(c, sql);
            c.setAutoCommit(false);
            try {
                // Shapes only: the count looks at the key id, never opens the value.
                insert(c, org, "u1", "v1.aaa-retired.AAAA.AAAA", "v1.test.AAAA.AAAA");
                insert(c, org, "u2", "v1.test.AAAA.AAAA", "v1.zzz-retired.AAAA.AAAA");
                insert(c, org, "u3", "v1.test.AAAA.AAAA", null);
                // A revocation job's copies of a user's tokens, kept until the provider revoked them.
                insertJob(c, org, "u4", "v1.test.AAAA.AAAA", "v1.aaa-retired.AAAA.AAAA");
                insertJob(c, org, "u5", "v1.test.AAAA.AAAA", "v1.test.AAAA.AAAA");
                assertEquals(outside + 3, count(c, sql));
                try (Statement st = c.createStatement()) {
                    st.execute("set local enable_seqscan = off");
                }
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement ps = bind(c.prepareStatement("explain " + sql)); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                for (String index : new String[] {"user_token_access_kek", "user_token_refresh_kek", "revocation_job_access_kek",
                        "revocation_job_refresh_kek"}) {
                    assertTrue(plan.toString().contains(index), index + " in " + plan);
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static PreparedStatement bind(PreparedStatement ps) throws Exception {
        for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
            ps.setString(i, "test");
        }
        return ps;
    }

    private static long count(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = bind(c.prepareStatement(sql)); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void insert(Connection c, String org, String user, String access, String refresh) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("insert into user_token (org_id, config_id, user_id, status, "
                + "access_token_sealed, refresh_token_sealed, config_version, consent_fingerprint) values (?, 'cfg', ?, 'ACTIVE', ?, ?, 1, 'fp')")) {
            ps.setString(1, org);
            ps.setString(2, user);
            ps.setString(3, access);
            ps.setString(4, refresh);
            ps.executeUpdate();
        }
    }

    private static void insertJob(Connection c, String org, String user, String access, String refresh) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("insert into revocation_job (org_id, config_id, user_id, retired_by_version, "
                + "access_token_sealed, refresh_token_sealed, give_up_at) values (?, 'cfg', ?, 2, ?, ?, now() + interval '1 hour')")) {
            ps.setString(1, org);
            ps.setString(2, user);
            ps.setString(3, access);
            ps.setString(4, refresh);
            ps.executeUpdate();
        }
    }
}

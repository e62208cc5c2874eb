package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How often a write reads configuration rows, counted with Hibernate's query statistics (enabled
 * in the test profile): a create reads none (the unique index answers a taken title), a PATCH
 * reads the configuration once, under its row lock, and merges, validates and writes that copy.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class ConfigReadsPerWriteTest {

    @Inject
    Mutiny.SessionFactory sessions;

    /** Executions so far of each query that reads configuration rows, by query. */
    private Map<String, Long> configReads() {
        Statistics stats = sessions.getStatistics();
        Map<String, Long> reads = new TreeMap<>();
        Arrays.stream(stats.getQueries())
                .filter(q -> q.contains("OAuthConfigEntity") || q.contains("oauth_config "))
                // The rewrap job's background scan is not part of any request.
                .filter(q -> !q.contains("clientSecretSealed"))
                .forEach(q -> reads.put(q, stats.getQueryStatistics(q).getExecutionCount()));
        return reads;
    }

    private static long total(Map<String, Long> reads) {
        return reads.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Executions of each query between {@code before} and {@code after}, leaving out those that did not run. */
    private static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> during = new TreeMap<>();
        after.forEach((q, n) -> {
            long d = n - before.getOrDefault(q, 0L);
            if (d != 0) {
                during.put(q, d);
            }
        });
        return during;
    }

    @Test
    void aCreateReadsNoConfigurationTheUniqueIndexAnswersATakenTitle() {
        String org = newOrg();
        as(admin(org)).body(openIdConfig("first.one")).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201);

        Map<String, Long> before = configReads();
        as(admin(org)).body(openIdConfig("second.one")).post("/api/orgs/{org}/oauth-configs", org).then().statusCode(201);
        assertEquals(0, total(between(before, configReads())), "reads of configurations during one create");

        // The title clash is still a 409 naming the field, whatever the case.
        as(admin(org)).body(openIdConfig("Second.One")).post("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(409).body("errors[0].field", equalTo("title"));
    }

    @Test
    void aPatchReadsTheConfigurationOnceUnderItsLock() {
        String org = newOrg();
        String id = as(admin(org)).body(openIdConfig("patched.once")).post("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(201).extract().path("id");

        Map<String, Long> before = configReads();
        as(admin(org)).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(Map.of("name", "Renamed once")).patch("/api/orgs/{org}/oauth-configs/{id}", org, id)
                .then().statusCode(200).body("name", equalTo("Renamed once")).body("version", equalTo(2));
        Map<String, Long> after = configReads();

        Map<String, Long> during = between(before, after);
        assertEquals(1, total(during), "reads of the configuration during one PATCH: " + during);
    }
}

package com.oauthconfig.config.rest;

import com.oauthconfig.config.repository.AuditEntryEntity;
import com.oauthconfig.config.repository.OAuthConfigEntity;
import com.oauthconfig.config.repository.RetiredOAuthConfigEntity;
import com.oauthconfig.config.support.TestSpans;
import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.contracts.testing.FakeTokenService;
import com.oauthconfig.rig.CollectedSpans;
import com.oauthconfig.rig.RigResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.EntityStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static com.oauthconfig.rig.CollectedSpans.sentTogether;
import static com.oauthconfig.rig.CollectedSpans.statement;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a write sends to the database, read from the statements' spans in the request's trace: a
 * create reads no configuration (the unique index answers a taken title), a PATCH reads the
 * configuration once, under its row lock, and merges, validates and writes that copy. And the
 * writes run on the plain SQL client: Hibernate's statistics (on in the test profile) show no
 * configuration, audit entry or retired copy loaded, written or queried by a create, PATCH or removal.
 */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
@WithTestResource(FakeTokenService.class)
class ConfigReadsPerWriteTest {

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    TestSpans spans;

    /** Sends a request under a fresh trace and returns the statements the service ran for it, in order. */
    private List<String> statementsOf(Function<RequestSpecification, Integer> request) {
        return statementSpansOf(request).stream().map(CollectedSpans::statement).toList();
    }

    /** The spans of the statements the service ran for a request sent under a fresh trace, in the order they were sent. */
    private List<SpanData> statementSpansOf(Function<RequestSpecification, Integer> request) {
        String traceId = TracingTest.randomHex(16);
        RequestSpecification spec = as(admin(orgOfTest)).header("traceparent", "00-" + traceId + "-" + TracingTest.randomHex(8) + "-01");
        request.apply(spec);
        // The server span ends after its statements: once it is exported, so are they.
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.inTrace(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
        return spans.statementsInTrace(traceId);
    }

    /** The spans of a write's own statements: the configuration row, its retired copy, audit entry and outbox event. */
    private static List<SpanData> writes(List<SpanData> statements) {
        return statements.stream().filter(s -> statement(s).toLowerCase(Locale.ROOT)
                .matches("(insert into|update|delete from) (oauth_config|retired_oauth_config|oauth_config_audit|outbox_event)\\b.*")).toList();
    }

    private static List<String> configReads(List<String> statements) {
        return statements.stream().map(q -> q.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "))
                .filter(q -> q.startsWith("select") && q.matches(".* from oauth_config( .*|$)")).toList();
    }

    private String orgOfTest;

    @Test
    void aCreateReadsNoConfigurationTheUniqueIndexAnswersATakenTitle() {
        orgOfTest = newOrg();
        as(admin(orgOfTest)).body(openIdConfig("first.one")).post("/api/orgs/{org}/oauth-configs", orgOfTest).then().statusCode(201);

        List<String> statements = statementsOf(r -> r.body(openIdConfig("second.one")).post("/api/orgs/{org}/oauth-configs", orgOfTest)
                .then().statusCode(201).extract().statusCode());
        assertTrue(statements.stream().anyMatch(q -> q.toLowerCase(Locale.ROOT).startsWith("insert into oauth_config ")),
                "the create's statements are in its trace: " + statements);
        assertEquals(List.of(), configReads(statements), "reads of configurations during one create");

        // The title clash is still a 409 naming the field, whatever the case.
        as(admin(orgOfTest)).body(openIdConfig("Second.One")).post("/api/orgs/{org}/oauth-configs", orgOfTest)
                .then().statusCode(409).body("errors[0].field", equalTo("title"));
    }

    @Test
    void aPatchReadsTheConfigurationOnceUnderItsLock() {
        orgOfTest = newOrg();
        String id = as(admin(orgOfTest)).body(openIdConfig("patched.once")).post("/api/orgs/{org}/oauth-configs", orgOfTest)
                .then().statusCode(201).extract().path("id");

        List<String> statements = statementsOf(r -> r.contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(Map.of("name", "Renamed once")).patch("/api/orgs/{org}/oauth-configs/{id}", orgOfTest, id)
                .then().statusCode(200).body("name", equalTo("Renamed once")).body("version", equalTo(2)).extract().statusCode());
        List<String> reads = configReads(statements);
        assertEquals(1, reads.size(), "reads of the configuration during one PATCH: " + statements);
        assertTrue(reads.get(0).matches(".* for (no key )?update( of \\w+)?"), "the one read locks the row: " + reads.get(0));
    }

    @Test
    void aWritesStatementsAreSentTogetherInOneRoundTrip() {
        orgOfTest = newOrg();
        List<SpanData> create = writes(statementSpansOf(r -> r.body(openIdConfig("sent.together"))
                .post("/api/orgs/{org}/oauth-configs", orgOfTest).then().statusCode(201).extract().statusCode()));
        assertEquals(3, create.size(), "a create's writes: " + create.stream().map(CollectedSpans::statement).toList());
        assertTrue(sentTogether(create), "a create's writes were sent one after another's answer");

        String id = as(admin(orgOfTest)).get("/api/orgs/{org}/oauth-configs", orgOfTest).then().statusCode(200)
                .extract().path("items[0].id");
        List<SpanData> patch = writes(statementSpansOf(r -> r.contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(Map.of("name", "Renamed together")).patch("/api/orgs/{org}/oauth-configs/{id}", orgOfTest, id)
                .then().statusCode(200).extract().statusCode()));
        // A rename retires no user's tokens, so it keeps no retired copy: row, audit entry, outbox event.
        assertEquals(3, patch.size(), "a PATCH's writes: " + patch.stream().map(CollectedSpans::statement).toList());
        assertTrue(sentTogether(patch), "a PATCH's writes were sent one after another's answer");

        List<SpanData> removal = writes(statementSpansOf(r -> r.header("If-Match", "\"2\"")
                .delete("/api/orgs/{org}/oauth-configs/{id}", orgOfTest, id).then().statusCode(204).extract().statusCode()));
        assertEquals(4, removal.size(), "a removal's writes: " + removal.stream().map(CollectedSpans::statement).toList());
        assertTrue(sentTogether(removal), "a removal's writes were sent one after another's answer");
    }

    @Test
    void writesRunOnTheSqlClientNotThroughHibernate() {
        orgOfTest = newOrg();
        Statistics stats = sessions.getStatistics();
        long before = hibernateWork(stats);
        long queriesBefore = requestQueries(stats);

        String id = as(admin(orgOfTest)).body(openIdConfig("plain.sql")).post("/api/orgs/{org}/oauth-configs", orgOfTest)
                .then().statusCode(201).extract().path("id");
        as(admin(orgOfTest)).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(Map.of("name", "Renamed on the SQL client")).patch("/api/orgs/{org}/oauth-configs/{id}", orgOfTest, id)
                .then().statusCode(200).body("version", equalTo(2));
        as(admin(orgOfTest)).header("If-Match", "\"2\"").delete("/api/orgs/{org}/oauth-configs/{id}", orgOfTest, id).then().statusCode(204);

        assertEquals(0, hibernateWork(stats) - before, "configurations, audit entries and retired copies Hibernate fetched or wrote");
        // The one Hibernate query is the removal's read before it asks the other services for references and uses.
        assertEquals(1, requestQueries(stats) - queriesBefore, "Hibernate queries during a create, a PATCH and a removal");
        // What the writes left: the audit trail of all three, read back through the API.
        as(admin(orgOfTest)).get("/api/orgs/{org}/oauth-configs/{id}/audit", orgOfTest, id).then().statusCode(200)
                .body("items.action", equalTo(List.of("REMOVED", "UPDATED", "CREATED")));
    }

    /**
     * Executions so far of Hibernate queries of the rows a write touches, leaving out the background
     * jobs' (the key rotation's scan of sealed secrets, the shredding of retired copies).
     */
    private static long requestQueries(Statistics stats) {
        return Arrays.stream(stats.getQueries())
                .filter(q -> q.contains("OAuthConfigEntity") || q.contains("AuditEntryEntity") || q.contains("RetiredOAuthConfigEntity"))
                .filter(q -> !q.contains("clientSecretSealed") && !q.contains("shredAfter"))
                .mapToLong(q -> stats.getQueryStatistics(q).getExecutionCount()).sum();
    }

    /** Loads, fetches, inserts, updates and deletes so far of the rows a write touches. */
    private static long hibernateWork(Statistics stats) {
        long n = 0;
        for (Class<?> entity : List.of(OAuthConfigEntity.class, AuditEntryEntity.class, RetiredOAuthConfigEntity.class)) {
            EntityStatistics s = stats.getEntityStatistics(entity.getName());
            n += s.getInsertCount() + s.getUpdateCount() + s.getDeleteCount() + s.getFetchCount();
        }
        return n;
    }
}

package com.oauthconfig.alias;

import com.oauthconfig.alias.repository.SolutionCredential;
import com.oauthconfig.alias.repository.SolutionCredentialRepository;
import com.oauthconfig.alias.service.Reconciliation;
import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.alias.support.Fixtures;
import com.oauthconfig.alias.support.KafkaFixtures.TopicReader;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static com.oauthconfig.alias.support.KafkaFixtures.ALIAS_EVENTS;
import static com.oauthconfig.alias.support.KafkaFixtures.header;
import static com.oauthconfig.alias.support.KafkaFixtures.ofOrg;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class ReconciliationTest {

    private static final String CREDENTIAL = "/api/orgs/{org}/solutions/{solution}/credentials/{id}";

    @Inject
    Reconciliation reconciliation;

    private int reconcile() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> reconciliation.reconcile());
    }

    @Inject
    Pool pool;

    /**
     * The race between an edit and reconciliation: the alias is flagged right after the edit's first
     * read, which saw it OK and so did not ask the config-service about its target.
     */
    class FlaggedAfterTheFirstRead extends SolutionCredentialRepository {
        private final UUID alias;
        private final AtomicBoolean armed = new AtomicBoolean(true);

        FlaggedAfterTheFirstRead(UUID alias) {
            this.alias = alias;
        }

        @Override
        public Uni<SolutionCredential> findInSolution(String orgId, String solutionId, UUID id) {
            Uni<SolutionCredential> read = super.findInSolution(orgId, solutionId, id);
            if (!id.equals(alias) || !armed.compareAndSet(true, false)) {
                return read;
            }
            // What reconciliation's flagging does to the row (BROKEN with a reason, version + 1), on its own connection.
            return read.call(() -> pool.preparedQuery("update solution_credential set status = 'BROKEN', "
                    + "broken_reason = 'its configuration was not found by reconciliation', broken_at = now(), updated_at = now(), "
                    + "version = version + 1 where id = $1").execute(Tuple.of(id)));
        }
    }

    @Test
    void anEditRacingTheReconciliationNeverRepairsTheAliasItFlagged() {
        String org = newOrg();
        UUID vanished = config(org);
        UUID id = alias(org, "sol-1", "racing", vanished);
        Fixtures.forgetConfig(org, vanished);
        QuarkusMock.installMockForType(new FlaggedAfterTheFirstRead(id), SolutionCredentialRepository.class);

        // A rename without If-Match: the first read saw the alias OK, so its target was not asked for.
        given().auth().oauth2(admin(org)).contentType("application/json")
                .body(Map.of("name", "racing-renamed", "type", "OAUTH_ALIAS", "oauthConfigId", vanished.toString()))
                .put(CREDENTIAL, org, "sol-1", id)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(admin(org)).get(CREDENTIAL, org, "sol-1", id)
                .then().statusCode(200).body("status", equalTo("BROKEN")).body("name", equalTo("racing"));
    }

    @Test
    void aConfigGoneFromTheConfigServiceWithoutAnEventIsFoundAndItsAliasesFlagged() throws Throwable {
        String org = newOrg();
        UUID kept = config(org);
        UUID vanished = config(org);
        UUID ok = alias(org, "sol-1", "kept", kept);
        UUID broken = alias(org, "sol-1", "vanished", vanished);
        Fixtures.forgetConfig(org, vanished);

        try (TopicReader reader = new TopicReader(ALIAS_EVENTS)) {
            // Rounds cover the whole database (other tests' data too): count this organisation's effects only.
            assertTrue(reconcile() >= 1);
            List<ConsumerRecord<String, String>> events = await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.poll(ofOrg(org)), l -> !l.isEmpty());
            assertEquals(broken.toString(), events.get(0).key());
            assertEquals("oauthconfig.alias.broken", header(events.get(0), "ce_type"));

            reconcile();
            // A marker alias flagged by a later round proves that round's events were published after any repeat would have been.
            UUID marker = config(org);
            UUID markerAlias = alias(org, "sol-1", "marker", marker);
            Fixtures.forgetConfig(org, marker);
            reconcile();
            List<ConsumerRecord<String, String>> all = await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.poll(ofOrg(org)), l -> l.size() >= 2);
            assertEquals(List.of(broken.toString(), markerAlias.toString()), all.stream().map(ConsumerRecord::key).toList(),
                    "the vanished configuration's alias was flagged once, not again by later rounds");
        }
        given().auth().oauth2(admin(org)).get(CREDENTIAL, org, "sol-1", broken)
                .then().statusCode(200).body("status", equalTo("BROKEN")).body("brokenReason", containsString("reconciliation"));
        given().auth().oauth2(admin(org)).get(CREDENTIAL, org, "sol-1", ok)
                .then().statusCode(200).body("status", equalTo("OK"));
    }

    @Test
    void aConfigServiceThatCannotAnswerFlagsNothing() throws Throwable {
        String org = newOrg();
        UUID configId = config(org);
        UUID id = alias(org, "sol-1", "crm", configId);
        Fixtures.forgetConfig(org, configId);
        Fixtures.makeUnreachable(org);
        try {
            reconcile();
        } finally {
            // Later rounds (other tests) should not keep feeding failures to the circuit breaker.
            Fixtures.makeReachable(org);
        }
        // Even though the configuration is gone, a config-service that could not say so flags nothing.
        given().auth().oauth2(admin(org)).get(CREDENTIAL, org, "sol-1", id)
                .then().statusCode(200).body("status", equalTo("OK"));
        assertTrue(Fixtures.configAttempts(org) > 1, "the round did ask the config-service");
    }

    @Test
    void aMisroutedConfigServiceUrlAnswering404ToEverythingFlagsNothing() throws Throwable {
        String org = newOrg();
        UUID configId = config(org);
        UUID first = alias(org, "sol-1", "crm", configId);
        UUID second = alias(org, "sol-2", "erp", config(org));
        Fixtures.misroute(org);
        try {
            reconcile();
        } finally {
            // Later rounds (other tests) should not keep feeding failures to the circuit breaker.
            Fixtures.unmisroute(org);
        }
        assertTrue(Fixtures.configAttempts(org) > 0, "the round did ask, and got 404s");
        // A 404 from something that is not the config-service says nothing about the configurations.
        for (UUID id : List.of(first, second)) {
            String solution = id.equals(first) ? "sol-1" : "sol-2";
            given().auth().oauth2(admin(org)).get(CREDENTIAL, org, solution, id)
                    .then().statusCode(200).body("status", equalTo("OK"));
        }
    }
}

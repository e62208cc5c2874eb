package com.oauthconfig.alias;

import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.alias.support.KafkaFixtures.TopicReader;
import com.oauthconfig.rig.Rig;
import com.oauthconfig.rig.RigResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.UUID;

import static com.oauthconfig.alias.support.Fixtures.admin;
import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static com.oauthconfig.alias.support.KafkaFixtures.ALIAS_EVENTS;
import static com.oauthconfig.alias.support.KafkaFixtures.ofOrg;
import static com.oauthconfig.alias.support.KafkaFixtures.sendConfigEvent;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Fault test: restarts the shared PostgreSQL (only here) while an event is being consumed. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class ConsumerFaultTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    private double counter(String outcome) {
        String prefix = "alias_config_events_total{outcome=\"" + outcome + "\"";
        return given().get(metrics).then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void anEventArrivingWhileTheDatabaseIsDownIsAppliedOnceItIsBack() {
        String org = newOrg();
        UUID configId = config(org);
        UUID id = alias(org, "sol-1", "crm", configId);
        double failedBefore = counter("failed-attempt");
        double deadBefore = counter("dead-lettered");

        try (TopicReader reader = new TopicReader(ALIAS_EVENTS)) {
            Rig.postgres().stop();
            try {
                sendConfigEvent(0, UUID.randomUUID(), org, configId, 2, "REMOVED");
                // The consumer has met the outage: the event is in hand and not yet applied.
                await().atMost(Duration.ofSeconds(30)).until(() -> counter("failed-attempt") > failedBefore);
            } finally {
                Rig.postgres().start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.poll(ofOrg(org)), hasSize(1));
        }
        given().auth().oauth2(admin(org)).get("/api/orgs/{org}/solutions/{s}/credentials/{id}", org, "sol-1", id)
                .then().statusCode(200).body("status", equalTo("BROKEN"));
        assertEquals(deadBefore, counter("dead-lettered"), "nothing was dead-lettered");
        // And the service reports itself ready again without a restart.
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get(ready).statusCode() == 200);
    }
}

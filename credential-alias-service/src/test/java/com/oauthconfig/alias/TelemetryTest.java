package com.oauthconfig.alias;

import com.oauthconfig.contracts.testing.FakeConfigService;
import com.oauthconfig.alias.support.KafkaFixtures.TopicReader;
import com.oauthconfig.alias.support.TestSpans;
import com.oauthconfig.rig.CollectedSpans;
import com.oauthconfig.rig.RigResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static com.oauthconfig.alias.support.Fixtures.alias;
import static com.oauthconfig.alias.support.Fixtures.config;
import static com.oauthconfig.alias.support.Fixtures.newOrg;
import static com.oauthconfig.alias.support.KafkaFixtures.ALIAS_EVENTS;
import static com.oauthconfig.alias.support.KafkaFixtures.header;
import static com.oauthconfig.alias.support.KafkaFixtures.ofOrg;
import static com.oauthconfig.alias.support.KafkaFixtures.sendConfigEvent;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A config event's trace runs on through the flagging into the alias events; the meters of flagging and the outbox move. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "credential_alias_service"))
@WithTestResource(FakeConfigService.class)
class TelemetryTest {

    @Inject
    TestSpans spans;
    @Inject
    MeterRegistry meters;
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private double count(String name, String... tags) {
        Counter c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aRemovalEventsTraceContinuesThroughTheFlaggingIntoEachAliasEventAndTheFlagsAreCounted() {
        String org = newOrg();
        UUID removed = config(org);
        alias(org, "sol-1", "a", removed);
        alias(org, "sol-1", "b", removed);
        double flagged = count("alias.flagged", "cause", "removed");
        String traceId = hex(16);
        String producerSpan = hex(8);

        List<org.jboss.logmanager.ExtLogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r instanceof org.jboss.logmanager.ExtLogRecord e && String.valueOf(e.getFormattedMessage()).contains(removed.toString())) {
                    e.copyMdc();
                    logged.add(e);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(capture);
        try (TopicReader reader = new TopicReader(ALIAS_EVENTS)) {
            sendConfigEvent(0, UUID.randomUUID(), org, removed, 2, "REMOVED", "00-" + traceId + "-" + producerSpan + "-01");
            List<ConsumerRecord<String, String>> events = await().atMost(Duration.ofSeconds(30))
                    .until(() -> reader.poll(ofOrg(org)), list -> list.size() >= 2);
            for (ConsumerRecord<String, String> r : events) {
                String tp = header(r, "traceparent");
                assertTrue(tp != null && tp.startsWith("00-" + traceId + "-"), "alias event continues the config event's trace: " + tp);
            }
        } finally {
            java.util.logging.Logger.getLogger("").removeHandler(capture);
        }
        // The log line of the flagging carries the event's organisation and trace (what the JSON log lines show in production).
        org.jboss.logmanager.ExtLogRecord line = logged.stream().filter(r -> r.getFormattedMessage().contains("flagged broken"))
                .findFirst().orElseThrow(() -> new AssertionError("no flagging log line"));
        assertEquals(org, line.getMdc("orgId"));
        assertEquals(traceId, line.getMdc("traceId"));
        assertEquals(flagged + 2, count("alias.flagged", "cause", "removed"));

        await().atMost(Duration.ofSeconds(10)).until(() -> spans.inTrace(traceId).stream()
                .filter(s -> s.getName().equals("credential-alias-events publish")).count() >= 2);
        List<SpanData> trace = spans.inTrace(traceId);
        SpanData consumed = trace.stream().filter(s -> s.getKind() == SpanKind.CONSUMER && producerSpan.equals(s.getParentSpanId()))
                .findFirst().orElseThrow(() -> new AssertionError("no consumer span under the record's producer span: " + names(trace)));
        assertTrue(consumed.getName().startsWith("oauth-config-events"), consumed.getName());
        System.out.println("alias trace " + traceId + ":\n" + names(trace));
    }

    @Test
    void anEventsStateWriteAndItsSearchForForeignAliasesAreSentTogether() {
        String org = newOrg();
        UUID configId = config(org);
        String traceId = hex(16);
        sendConfigEvent(0, UUID.randomUUID(), org, configId, 1, "CREATED", "00-" + traceId + "-" + hex(8) + "-01");

        await().atMost(Duration.ofSeconds(30)).until(() -> applied(traceId).size() >= 2);
        List<SpanData> applied = applied(traceId);
        List<String> sql = applied.stream().map(CollectedSpans::statement).toList();
        assertEquals(2, applied.size(), "the event's writes: " + sql);
        assertTrue(CollectedSpans.sentTogether(applied), "the event's writes were sent one after another's answer: " + sql);
    }

    /** The statements of a consumed event's trace that write the state row or flag aliases. */
    private List<SpanData> applied(String traceId) {
        return spans.statementsInTrace(traceId).stream().filter(s -> CollectedSpans.statement(s).toLowerCase(java.util.Locale.ROOT)
                .matches("\\s*(insert into|update) (config_event_state|solution_credential)\\b(?s).*")).toList();
    }

    static String names(List<SpanData> trace) {
        StringBuilder b = new StringBuilder();
        for (SpanData s : trace) {
            b.append("  ").append(s.getName()).append(" [").append(s.getKind()).append("] span=").append(s.getSpanId())
                    .append(" parent=").append(s.getParentSpanId()).append('\n');
        }
        return b.toString();
    }

    @Test
    void aPoisonRecordIsCountedAsDeadLettered() {
        double before = count("events.dead.lettered", "reason", "poison", "topic", "oauth-config-events");
        com.oauthconfig.alias.support.KafkaFixtures.sendRaw(0, "poison-" + UUID.randomUUID(), "{not json");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("events.dead.lettered", "reason", "poison", "topic", "oauth-config-events") > before);
    }

    @Test
    void theScrapeShowsOutboxBacklogAndConsumerLag() {
        String scrape = given().get(metrics).then().statusCode(200).extract().asString();
        for (String name : new String[] {"outbox_backlog_events ", "outbox_oldest_age_seconds ", "kafka_consumer_fetch_manager_records_lag_max"}) {
            assertTrue(scrape.contains(name), "scrape lacks " + name);
        }
    }
}

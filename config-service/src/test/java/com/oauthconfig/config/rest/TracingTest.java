package com.oauthconfig.config.rest;

import com.oauthconfig.contracts.testing.FakeAliasService;
import com.oauthconfig.config.support.EventCollector;
import com.oauthconfig.config.support.TestSpans;
import com.oauthconfig.rig.RigResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static com.oauthconfig.config.support.Api.admin;
import static com.oauthconfig.config.support.Api.as;
import static com.oauthconfig.config.support.Api.create;
import static com.oauthconfig.config.support.Api.newOrg;
import static com.oauthconfig.config.support.Api.openIdConfig;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A change's trace runs from the HTTP request through the outbox into the Kafka record's traceparent header. */
@QuarkusTest
@WithTestResource(value = RigResource.class, initArgs = @ResourceArg(name = RigResource.DATABASE_ARG, value = "config_service"))
@WithTestResource(FakeAliasService.class)
class TracingTest {

    @Inject
    TestSpans spans;

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void theOutboxRelaysIdlePollsStartNoTraces() {
        // The relay polls its table every few hundred milliseconds; a query outside any trace must not be one.
        long since = System.currentTimeMillis() * 1_000_000L;
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> rootClients = spans.matching(s -> s.getStartEpochNanos() >= since && s.getKind() == SpanKind.CLIENT
                    && !s.getParentSpanContext().isValid());
            assertEquals(List.of(), rootClients.stream().map(SpanData::getName).toList());
        });
        // Work that arrives still starts a trace: a request's spans are exported with their database calls under them.
        String org = newOrg();
        create(org, openIdConfig("trace.sampler"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(spans.matching(s -> s.getStartEpochNanos() >= since
                && s.getKind() == SpanKind.CLIENT && s.getParentSpanContext().isValid() && s.getName().startsWith("INSERT")).size() > 0));
    }

    @Test
    void aPatchsTraceContinuesIntoTheEventsTraceparentHeaderThroughAProducerSpan() {
        String org = newOrg();
        String id = create(org, openIdConfig("traced.config"));
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        try (EventCollector events = new EventCollector()) {
            as(admin(org)).header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                    .contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                    .body(Map.of("name", "Traced")).patch("/api/orgs/{org}/oauth-configs/{id}", org, id)
                    .then().statusCode(200);
            List<ConsumerRecord<String, String>> got = events.awaitFor(List.of(id), Duration.ofSeconds(30),
                    rs -> rs.stream().anyMatch(r -> "oauthconfig.config.updated".equals(ChangeEventsTest.header(r, "ce_type"))));
            ConsumerRecord<String, String> updated = got.stream()
                    .filter(r -> "oauthconfig.config.updated".equals(ChangeEventsTest.header(r, "ce_type"))).findFirst().orElseThrow();
            String header = ChangeEventsTest.header(updated, "traceparent");
            assertNotNull(header, "the event carries the trace of the change");
            assertTrue(header.startsWith("00-" + traceId + "-"), header);

            await().atMost(Duration.ofSeconds(10)).until(() -> spans.inTrace(traceId).stream()
                    .anyMatch(s -> s.getName().equals("oauth-config-events publish")));
            List<SpanData> trace = spans.inTrace(traceId);
            SpanData server = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
            assertEquals(callerSpan, server.getParentSpanId(), "the request continues the caller's trace");
            assertTrue(server.getName().startsWith("PATCH "), server.getName());
            SpanData publish = trace.stream().filter(s -> s.getName().equals("oauth-config-events publish")).findFirst().orElseThrow();
            assertEquals(SpanKind.PRODUCER, publish.getKind());
            assertTrue(trace.stream().anyMatch(s -> s.getSpanId().equals(publish.getParentSpanId())),
                    "the producer span's parent is a span of the change's trace");
            assertEquals(header, "00-" + traceId + "-" + publish.getSpanId() + "-01", "the header names the producer span");
            assertEquals("oauth-config-events", publish.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
        }
    }

    @Test
    void queryValuesNeverReachASpan() {
        String org = newOrg();
        String traceId = randomHex(16);
        as(admin(org)).header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .queryParam("page", "0").queryParam("size", "7")
                .get("/api/orgs/{org}/oauth-configs", org).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !spans.inTrace(traceId).isEmpty());
        for (SpanData s : spans.inTrace(traceId)) {
            s.getAttributes().forEach((k, v) -> assertFalse(String.valueOf(v).contains("size=7"), k + " carries the query value: " + v));
            String query = s.getAttributes().get(AttributeKey.stringKey("url.query"));
            if (query != null) {
                assertEquals("page&size", query);
            }
        }
    }

    @Test
    void theCorrelationIdIsTheCallersWhenSafeElseAFreshOneAndComesBackOnTheAnswer() {
        String org = newOrg();
        as(admin(org)).header("X-Correlation-Id", "corr-42.a_b:c").get("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(200).header("X-Correlation-Id", "corr-42.a_b:c");
        String fresh = as(admin(org)).header("X-Correlation-Id", "bad value\"}, \"orgId\": \"x").get("/api/orgs/{org}/oauth-configs", org)
                .then().statusCode(200).extract().header("X-Correlation-Id");
        assertTrue(fresh.matches("[0-9a-f-]{36}"), "a forged value was echoed: " + fresh);
        String none = as(admin(org)).get("/api/orgs/{org}/oauth-configs", org).then().statusCode(200).extract().header("X-Correlation-Id");
        assertTrue(none.matches("[0-9a-f-]{36}"), none);
    }

    @Inject
    com.oauthconfig.common.outbox.OutboxRelay relay;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Holds the relay's advisory lock (as a publishing replica would), so a written row stays in the outbox until released. */
    @Test
    void theOutboxGaugesShowRowsTheRelayHasNotPublishedAndTheirAge() throws Exception {
        String key = java.util.UUID.randomUUID().toString();
        try (java.sql.Connection lock = com.oauthconfig.rig.Rig.postgres().connect("config_service");
             java.sql.Connection writer = com.oauthconfig.rig.Rig.postgres().connect("config_service")) {
            lock.setAutoCommit(false);
            try (var st = lock.createStatement()) {
                st.execute("select pg_advisory_xact_lock(" + 0x6f7574626f78L + ")");
            }
            try (var insert = writer.prepareStatement("insert into outbox_event (event_id, topic, record_key, type, source, payload, created_at) "
                    + "values (?, 'oauth-config-events', ?, 'telemetry.test', '/telemetry-test', '{}'::jsonb, now() - interval '3 seconds')")) {
                insert.setObject(1, java.util.UUID.randomUUID());
                insert.setString(2, key);
                insert.executeUpdate();
            }
            // The gauges show the last measurement, which the relay's own timer may also be taking:
            // measure and read both until they agree with the held row, bounded.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                relay.measureBacklog().await().atMost(Duration.ofSeconds(5));
                assertTrue(gauge("outbox.backlog") >= 1, "backlog gauge: " + gauge("outbox.backlog"));
                assertTrue(gauge("outbox.oldest.age") >= 3, "oldest-age gauge: " + gauge("outbox.oldest.age"));
            });
            lock.commit();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            relay.measureBacklog().await().atMost(Duration.ofSeconds(5));
            assertEquals(0, gauge("outbox.backlog"), "backlog gauge once the relay may publish");
            assertEquals(0, gauge("outbox.oldest.age"), "oldest-age gauge once the relay may publish");
        });
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }
}

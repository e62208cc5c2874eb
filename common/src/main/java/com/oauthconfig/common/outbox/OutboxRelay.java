package com.oauthconfig.common.outbox;

import com.oauthconfig.common.events.CloudEventHeaders;
import com.oauthconfig.common.sql.PipelinedTransaction;
import com.oauthconfig.common.telemetry.Gauges;
import com.oauthconfig.common.telemetry.TraceParent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import io.smallrye.common.annotation.Identifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.charset.StandardCharsets;

/**
 * Publishes the outbox to Kafka, oldest first, and deletes what the broker acknowledged.
 *
 * <p>Delivery is at least once: a row is deleted only after its send is acknowledged, so a crash
 * or a broker outage means a later retry, possibly a duplicate (consumers recognise a redelivered
 * configuration event by its version).
 * Only the longest acknowledged prefix is deleted, which keeps per-key order across retries.
 * Several replicas may run the relay; a transaction-scoped advisory lock lets one publish at a
 * time, because two publishing the same rows concurrently could reorder a key's events.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant identifying "the outbox relay" among advisory locks of this database. */
    private static final long LOCK_ID = 0x6f7574626f78L;

    private final Pool pool;
    private final boolean enabled;
    private final Duration interval;
    private volatile boolean stopped;
    private final int batchSize;
    /** Every {@code kafka.*} setting (bootstrap servers, TLS, SASL…), as Quarkus collects them for all clients. */
    private final Map<String, Object> kafkaConfig;
    private volatile KafkaProducer<String, String> producer;
    private volatile boolean failing;
    private final Tracer tracer;
    private final MeterRegistry meters;
    private final Duration backlogInterval;
    /** Rows waiting and the age in seconds of the oldest, as last measured (gauges read these). */
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    private final AtomicLong measurementsStarted = new AtomicLong();
    private long measurementRecorded;

    public OutboxRelay(Pool pool,
                       @ConfigProperty(name = "outbox.relay.enabled", defaultValue = "false") boolean enabled,
                       @ConfigProperty(name = "outbox.relay.interval", defaultValue = "PT0.2S") Duration interval,
                       @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "500") int batchSize,
                       @ConfigProperty(name = "outbox.relay.backlog-interval", defaultValue = "PT10S") Duration backlogInterval,
                       @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       OpenTelemetry openTelemetry, MeterRegistry meters) {
        this.pool = pool;
        this.enabled = enabled;
        this.interval = interval;
        this.batchSize = batchSize;
        this.backlogInterval = backlogInterval;
        this.kafkaConfig = kafkaConfig;
        this.tracer = openTelemetry.getTracer("com.oauthconfig.outbox");
        this.meters = meters;
    }

    /**
     * Polls on a Vert.x timer rather than the scheduler, which does not go below one second: a
     * removal should reach subscribers well within a second. A full batch is followed at once
     * by the next round, so a backlog drains at broker speed.
     */
    void onStart(@Observes StartupEvent start, Vertx vertx) {
        if (enabled) {
            scheduleNext(vertx, interval.toMillis());
            Gauges.replace(meters, "outbox.backlog", Tags.empty(), "Outbox rows not yet acknowledged by the broker", "events",
                    backlog::get);
            Gauges.replace(meters, "outbox.oldest.age", Tags.empty(), "Age of the oldest outbox row not yet acknowledged by the broker",
                    "seconds", oldestAgeSeconds::get);
            vertx.setPeriodic(backlogInterval.toMillis(), id -> measureBacklog().subscribe().with(v -> { }, e -> { }));
        }
    }

    /**
     * Measures the backlog on its own slow timer, not in the relay's 200 ms rounds: a count of the
     * table is cheap while it is small and the round is the hot path when it is not.
     */
    public Uni<Void> measureBacklog() {
        long measurement = measurementsStarted.incrementAndGet();
        return pool.query("select count(*) as n, extract(epoch from now() - min(created_at)) as age from outbox_event")
                .execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    Number age = row.getNumeric("age");
                    record(measurement, row.getLong("n"), age == null ? 0 : Math.max(0, age.longValue()));
                })
                .replaceWithVoid();
    }

    /**
     * Keeps the newest measurement: one started earlier (the timer's, say) that answers later
     * saw an older table and must not overwrite it. Both gauges take the same measurement.
     */
    private synchronized void record(long measurement, long rows, long ageSeconds) {
        if (measurement > measurementRecorded) {
            measurementRecorded = measurement;
            backlog.set(rows);
            oldestAgeSeconds.set(ageSeconds);
        }
    }

    private void scheduleNext(Vertx vertx, long delayMillis) {
        if (stopped) {
            return;
        }
        vertx.setTimer(Math.max(1, delayMillis), id -> relayOnce()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("outbox relay round failed: %s", e.getClass().getSimpleName());
                    return 0;
                })
                .subscribe().with(published -> scheduleNext(vertx, published >= batchSize ? 0 : interval.toMillis())));
    }

    /** One round: publishes up to a batch and returns how many rows were published. */
    public Uni<Integer> relayOnce() {
        return PipelinedTransaction.run(pool, conn -> conn.query("select pg_try_advisory_xact_lock(" + LOCK_ID + ")").execute()
                .flatMap(rs -> rs.iterator().next().getBoolean(0) ? publishBatch(conn) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishBatch(SqlConnection conn) {
        return conn.preparedQuery("""
                        select id, event_id, topic, record_key, type, source, subject, data_schema, traceparent, payload::text as payload, created_at
                        from outbox_event order by id limit $1""")
                .execute(Tuple.of(batchSize))
                .flatMap(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    // KafkaProducer.send can block on metadata while the broker is away: keep it off the event loop.
                    return Uni.createFrom().item(() -> sendInOrder(batch))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .flatMap(published -> published.isEmpty() ? Uni.createFrom().item(0)
                                    : conn.preparedQuery("delete from outbox_event where id = any($1)")
                                    .execute(Tuple.of(published.toArray(Long[]::new)))
                                    .map(deleted -> published.size()));
                });
    }

    /** Sends the batch in id order and returns the ids of the acknowledged prefix. */
    private List<Long> sendInOrder(List<Row> batch) {
        KafkaProducer<String, String> p = producer();
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (Row row : batch) {
            Span span = publishSpan(row);
            try {
                ProducerRecord<String, String> record = toRecord(row);
                TraceParent.of(span.getSpanContext()).ifPresent(
                        tp -> record.headers().add(TraceParent.HEADER, tp.getBytes(StandardCharsets.US_ASCII)));
                sends.add(p.send(record, (metadata, e) -> {
                    if (e != null) {
                        span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
                        discard(p);
                    }
                    span.end();
                }));
            } catch (RuntimeException e) {
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
                span.end();
                break;
            }
        }
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(30, TimeUnit.SECONDS);
                acknowledged.add(batch.get(i).getLong("id"));
            } catch (Exception e) {
                discard(p);
                if (!failing) {
                    LOG.warnf("outbox: broker did not acknowledge event %s (%s); will retry", batch.get(i).getUUID("event_id"),
                            e.getClass().getSimpleName());
                }
                failing = true;
                return acknowledged;
            }
        }
        if (failing) {
            LOG.info("outbox: broker acknowledges again; publishing resumed");
            failing = false;
        }
        return acknowledged;
    }

    /**
     * A failed send ends its producer at once. Records queued behind the failed one (the rest of the
     * round, or the idempotent producer's re-sequenced batches after an expiry) would otherwise still be
     * delivered once the broker is back, ahead of the failed record's re-send: a key's events out of
     * order. Closed with no grace from the callback, on the producer's own I/O thread, before it sends
     * anything else; the next round starts a fresh producer from the oldest unacknowledged row.
     */
    private void discard(KafkaProducer<String, String> p) {
        synchronized (this) {
            if (producer == p) {
                producer = null;
            }
        }
        p.close(Duration.ZERO);
    }

    /**
     * A producer span per event, child of the trace that wrote the row (its stored traceparent), so
     * the trace of a change runs on through Kafka into each consumer; its context is what the
     * record's {@code traceparent} header carries. Names only the topic and the event id.
     */
    private Span publishSpan(Row row) {
        String topic = row.getString("topic");
        return tracer.spanBuilder(topic + " publish")
                .setParent(TraceParent.parent(row.getString("traceparent")))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.message.id", row.getUUID("event_id").toString())
                .startSpan();
    }

    private static ProducerRecord<String, String> toRecord(Row row) {
        OffsetDateTime created = row.getOffsetDateTime("created_at");
        CloudEventHeaders.Attributes attributes = new CloudEventHeaders.Attributes(row.getUUID("event_id").toString(),
                row.getString("source"), row.getString("type"), row.getString("subject"), created.toInstant(),
                row.getString("data_schema"));
        return new ProducerRecord<>(row.getString("topic"), null, row.getString("record_key"), row.getString("payload"),
                CloudEventHeaders.write(attributes));
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> config = new HashMap<>(kafkaConfig);
                    // Consumer-only settings Quarkus collects for every client would only draw warnings here.
                    config.keySet().removeIf(k -> k.startsWith("group.") || k.startsWith("auto.") || k.contains("deserializer"));
                    config.putAll(Map.of(
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5",
                            ProducerConfig.LINGER_MS_CONFIG, "0",
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000",
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000",
                            ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay"));
                    producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        stopped = true;
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}

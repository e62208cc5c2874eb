package com.oauthconfig.common.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oauthconfig.common.sql.PipelinedTransaction;
import com.oauthconfig.common.telemetry.LogContextFilter;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The one way a service consumes oauth-config-events; a service subclasses it, puts
 * {@code @Incoming("oauth-config-events")} on a method that calls {@link #consume}, and says how
 * it keeps its per-config state and what an event does to it.
 * <ul>
 * <li>A record is read as the contract type and its CloudEvents headers must describe the same
 * event (ce_id, ce_type, ce_source, ce_subject, ce_dataschema); anything else is poison: nacked at
 * once, so the connector's dead-letter strategy moves it aside and the partition goes on.</li>
 * <li>In ONE transaction on the plain SQL client: the config's state row is locked (serialising
 * instances), and the event is applied only in version order. The config-service gives each change
 * of a config the next version, so the version identifies the event: the one last applied, arriving
 * again, is a DUPLICATE (a redelivery); one below it, after a removal, or naming another organisation
 * than the config's is STALE; neither changes anything. A removal always applies.</li>
 * <li>A readable event that cannot be applied (the database away) is retried with backoff while
 * holding the partition, then dead-lettered. The record is acknowledged only after the commit,
 * and offsets are committed only up to acknowledged records: a crash means redelivery, never loss.</li>
 * </ul>
 * A counter (tag {@code outcome}: applied, duplicate, stale, failed-attempt, dead-lettered, poison)
 * shows what happened to each attempt.
 * <p>
 * The transaction is the SQL client's, not a Hibernate session's: every statement of an event is
 * SQL the subclass writes anyway, and a session's set-up, flushes and completion cost more than the
 * statements themselves on a path every configuration change takes in every consuming service.
 *
 * @param <R> what applying an event yields for the work after the commit
 */
public abstract class ConfigEventConsumerBase<R> {

    private static final Logger LOG = Logger.getLogger(ConfigEventConsumerBase.class);

    /** What consuming an event did. */
    public enum Outcome {
        /** Applied to the service's state. */
        APPLIED,
        /** The event of the version last applied, delivered again (a redelivery). */
        DUPLICATE,
        /** Older than the last version applied, after the removal, or of another organisation: ignored. */
        STALE
    }

    /** The per-config state a consumer keeps in its own table; null fields are not allowed. */
    public record Known(String orgId, long lastVersion, boolean removed) {
    }

    /** What one attempt did, and the subclass's result when it applied the event. */
    public record Applied<R>(Outcome outcome, R result) {
    }

    private final String consumerName;
    private final String counter;
    private final Pool pool;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final int maxAttempts;
    private final Duration maxBackoff;

    protected ConfigEventConsumerBase(String consumerName, String counter, Pool pool, ObjectMapper json, MeterRegistry meters,
                                      int maxAttempts, Duration maxBackoff) {
        this.consumerName = consumerName;
        this.counter = counter;
        this.pool = pool;
        this.json = json;
        this.meters = meters;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.maxBackoff = maxBackoff;
    }

    /** For the client proxy CDI makes of a normal-scoped subclass; the proxy delegates, so this instance never consumes. */
    protected ConfigEventConsumerBase() {
        this(null, null, null, null, null, 1, null);
    }

    /**
     * The select that locks a config's state row for the transaction ({@code for update}): one
     * parameter, the config's key; columns {@code org_id}, {@code last_version} and {@code removed}.
     */
    protected abstract String lockStateSql();

    /** The config's key in the state table (its id as the table types it). */
    protected abstract Object stateKey(OAuthConfigChangedEvent event);

    /**
     * Applies an event that is in order, inside transaction {@code tx}; must record its version (and
     * removal) in the state: insert the state row when {@code known} is null, update it otherwise.
     * That version is what recognises a redelivery of the event, so state rows are never deleted:
     * without its row, a configuration's redelivered events would apply again.
     */
    protected abstract Uni<R> applyInOrder(SqlConnection tx, OAuthConfigChangedEvent event, Known known);

    /** Work after the commit (cache eviction, calls elsewhere); {@code result} is null unless APPLIED. Nothing by default. */
    protected void afterCommit(OAuthConfigChangedEvent event, Outcome outcome, R result) {
    }

    /** Consumes one record; call it from the subclass's {@code @Incoming} method. */
    protected Uni<Void> consume(Message<String> message) {
        OAuthConfigChangedEvent event;
        try {
            event = read(message.getPayload(), message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .flatMap(m -> CloudEventHeaders.read(m.getHeaders())));
        } catch (RuntimeException e) {
            LOG.warnf("%s: unreadable record on %s sent to the dead-letter topic: %s", consumerName,
                    OAuthConfigChangedEvent.TOPIC, e.getMessage());
            count("poison");
            deadLettered("poison");
            return Uni.createFrom().completionStage(message.nack(e));
        }
        // The logs written while the event is applied name its organisation (the trace ids come from the
        // consumer span, which continues the producer's traceparent header).
        LogContextFilter.organisation(event.orgId());
        return Uni.createFrom().deferred(() -> applyOnce(event))
                .onFailure().invoke(e -> {
                    count("failed-attempt");
                    LOG.debugf("%s: event %s not applied yet: %s", consumerName, event.eventId(), e.getClass().getSimpleName());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(100), maxBackoff).atMost(maxAttempts - 1)
                .onItemOrFailure().transformToUni((applied, failure) -> {
                    if (failure != null) {
                        LOG.errorf("%s: event %s could not be applied after %d attempts; sent to the dead-letter topic: %s",
                                consumerName, event.eventId(), maxAttempts, failure.getClass().getSimpleName());
                        count("dead-lettered");
                        deadLettered("exhausted");
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    LOG.debugf("%s: event %s (%s v%d of %s): %s", consumerName, event.eventId(), event.changeType(),
                            event.version(), event.configId(), applied.outcome());
                    count(applied.outcome().name().toLowerCase(Locale.ROOT));
                    try {
                        afterCommit(event, applied.outcome(), applied.result());
                    } catch (RuntimeException e) {
                        LOG.warnf("%s: after event %s: %s", consumerName, event.eventId(), e.getClass().getSimpleName());
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    private Uni<Applied<R>> applyOnce(OAuthConfigChangedEvent event) {
        return PipelinedTransaction.run(pool, tx -> lockState(tx, event).chain(known -> {
            if (redelivered(known, event)) {
                return Uni.createFrom().item(new Applied<R>(Outcome.DUPLICATE, null));
            }
            if (!inOrder(known, event)) {
                return Uni.createFrom().item(new Applied<R>(Outcome.STALE, null));
            }
            return applyInOrder(tx, event, known).map(r -> new Applied<>(Outcome.APPLIED, r));
        }));
    }

    /** The config's state, its row locked for the transaction (serialises instances); null before its first event. */
    private Uni<Known> lockState(SqlConnection tx, OAuthConfigChangedEvent event) {
        return tx.preparedQuery(lockStateSql()).execute(Tuple.of(stateKey(event))).map(rows -> {
            if (rows.rowCount() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Known(r.getString("org_id"), r.getLong("last_version"), r.getBoolean("removed"));
        });
    }

    /**
     * The event of the version last applied to this config, delivered again: each change has its own
     * version, and every applied event (a removal too) records its version in the state. A removal
     * is taken for a redelivery only once the state says removed, so none is ever swallowed.
     */
    public static boolean redelivered(Known known, OAuthConfigChangedEvent event) {
        return known != null && known.orgId().equals(event.orgId()) && event.version() == known.lastVersion()
                && (event.changeType() != OAuthConfigChangedEvent.ChangeType.REMOVED || known.removed());
    }

    /**
     * Version order: a first event applies; one naming another organisation than the config's never
     * does; after a removal nothing does; a removal always does (it only takes things away); any
     * other event only when newer than the last applied.
     */
    public static boolean inOrder(Known known, OAuthConfigChangedEvent event) {
        if (known == null) {
            return true;
        }
        if (!known.orgId().equals(event.orgId())) {
            LOG.warnf("event %s names organisation %s for config %s of another organisation; ignored",
                    event.eventId(), event.orgId(), event.configId());
            return false;
        }
        if (known.removed()) {
            return false;
        }
        return event.changeType() == OAuthConfigChangedEvent.ChangeType.REMOVED || event.version() > known.lastVersion();
    }

    /**
     * The event of a record: the value read as the contract type, and CloudEvents headers that
     * describe the same event. A mismatch is a producer bug (or a forgery), not data to act on.
     */
    public OAuthConfigChangedEvent read(String payload, Optional<CloudEventHeaders.Attributes> headers) {
        if (payload == null || payload.isBlank()) {
            throw new IllegalArgumentException("empty value");
        }
        OAuthConfigChangedEvent e;
        try {
            e = json.readValue(payload, OAuthConfigChangedEvent.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("value is not a config event: " + ex.getOriginalMessage());
        }
        if (e == null) {
            throw new IllegalArgumentException("value is not a config event");
        }
        CloudEventHeaders.Attributes ce = headers.orElseThrow(
                () -> new IllegalArgumentException("CloudEvents headers ce_id, ce_source and ce_type are required"));
        if (!ce.id().equals(e.eventId().toString())) {
            throw new IllegalArgumentException("ce_id differs from the value's eventId");
        }
        if (!ce.type().equals(e.changeType().ceType)) {
            throw new IllegalArgumentException("ce_type " + ce.type() + " does not match changeType " + e.changeType());
        }
        if (!ce.source().equals(OAuthConfigChangedEvent.SOURCE)) {
            throw new IllegalArgumentException("ce_source " + ce.source() + " is not " + OAuthConfigChangedEvent.SOURCE);
        }
        if (!e.configId().toString().equals(ce.subject())) {
            throw new IllegalArgumentException("ce_subject differs from the value's configId");
        }
        if (ce.dataSchema() == null || !ce.dataSchema().endsWith(OAuthConfigChangedEvent.SCHEMA_PATH)) {
            throw new IllegalArgumentException("ce_dataschema " + ce.dataSchema() + " is not the oauth-config-event schema");
        }
        return e;
    }

    private void count(String outcome) {
        meters.counter(counter, "outcome", outcome).increment();
    }

    /**
     * Counter {@code events.dead.lettered} (tags {@code consumer}, {@code topic}, {@code reason}: poison
     * or exhausted), one name in every service for alerting on records moved to a dead-letter topic.
     */
    private void deadLettered(String reason) {
        meters.counter("events.dead.lettered", "consumer", consumerName, "topic", OAuthConfigChangedEvent.TOPIC,
                "reason", reason).increment();
    }
}

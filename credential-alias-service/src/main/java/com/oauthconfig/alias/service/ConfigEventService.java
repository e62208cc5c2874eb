package com.oauthconfig.alias.service;

import com.oauthconfig.alias.config.AliasServiceConfig;
import com.oauthconfig.alias.event.AliasEvent;
import com.oauthconfig.alias.event.AliasEventPublisher;
import com.oauthconfig.alias.event.ConfigChangedEvent;
import com.oauthconfig.alias.event.ConfigChangedEvent.ChangeType;
import com.oauthconfig.alias.repository.ConfigEventState;
import com.oauthconfig.alias.repository.ConfigEventStateRepository;
import com.oauthconfig.alias.repository.SolutionCredentialRepository;
import com.oauthconfig.alias.repository.SolutionCredentialRepository.Flagged;
import com.oauthconfig.common.outbox.ProcessedEvents;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Applies configuration events to the aliases, exactly once per event id and monotonically per
 * configuration: an event at or below the last version seen changes nothing, and after a removal
 * nothing (no late create or update) brings the configuration back.
 */
@ApplicationScoped
public class ConfigEventService {

    private static final Logger LOG = Logger.getLogger(ConfigEventService.class);

    /** What applying an event did, for logs and tests. */
    public enum Outcome {
        /** The event id was already processed. */
        DUPLICATE,
        /** Older than (or equal to) what is known, or after the removal: ignored. */
        STALE,
        /** Recorded; aliases flagged if it was a removal. */
        APPLIED
    }

    private final ProcessedEvents processed;
    private final ConfigEventStateRepository states;
    private final SolutionCredentialRepository credentials;
    private final AliasEventPublisher events;
    private final String consumerName;
    private final MeterRegistry meters;

    public ConfigEventService(ProcessedEvents processed, ConfigEventStateRepository states,
                              SolutionCredentialRepository credentials, AliasEventPublisher events, AliasServiceConfig config,
                              MeterRegistry meters) {
        this.meters = meters;
        this.processed = processed;
        this.states = states;
        this.credentials = credentials;
        this.events = events;
        this.consumerName = config.consumer().name();
    }

    /** One transaction: the processed-event mark, the version state, the flags and their outbox events. */
    @WithTransaction
    public Uni<Outcome> apply(ConfigChangedEvent event) {
        return processed.markProcessed(consumerName, event.eventId()).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            // The row lock serialises events of one configuration across consumer instances.
            return states.lockById(event.configId()).chain(state -> advance(state, event));
        });
    }

    private Uni<Outcome> advance(ConfigEventState state, ConfigChangedEvent event) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        boolean removal = event.changeType() == ChangeType.REMOVED;
        Uni<?> stored;
        if (state == null) {
            ConfigEventState s = new ConfigEventState();
            s.configId = event.configId();
            s.orgId = event.orgId();
            s.lastVersion = event.version();
            s.updatedAt = now;
            state = s;
            stored = states.persist(s);
        } else if (state.isRemoved()) {
            return Uni.createFrom().item(Outcome.STALE);
        } else if (!removal && event.version() <= state.lastVersion) {
            return Uni.createFrom().item(Outcome.STALE);
        } else {
            // A removal is final even when it arrives after a newer-looking update.
            state.lastVersion = Math.max(state.lastVersion, event.version());
            state.updatedAt = now;
            stored = Uni.createFrom().voidItem();
        }
        if (!state.orgId.equals(event.orgId())) {
            LOG.warnf("event %s names organisation %s for config %s first seen in %s; ignored",
                    event.eventId(), event.orgId(), event.configId(), state.orgId);
            return stored.replaceWith(Outcome.STALE);
        }
        ConfigEventState target = state;
        Uni<?> flagged = stored.chain(() -> flagForeign(event, now));
        if (removal) {
            target.removedVersion = event.version();
            target.removedAt = now;
            flagged = flagged.chain(() -> flagRemoved(event, now));
        }
        return flagged.replaceWith(Outcome.APPLIED);
    }

    /**
     * Reconciliation found that the config-service no longer knows a configuration some aliases
     * still point at (its removal event was missed): flag them as a removal would.
     */
    @WithTransaction
    public Uni<Integer> flagMissing(String orgId, UUID configId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String reason = "OAuth configuration " + configId + " no longer exists at the config-service (found by reconciliation)";
        return credentials.breakAliases(orgId, configId, reason, now)
                .call(rows -> publish(rows, "reconciliation", reason, now))
                .map(List::size);
    }

    private Uni<Void> flagRemoved(ConfigChangedEvent event, Instant now) {
        String title = event.title();
        String reason = "OAuth configuration " + (title != null ? "'" + title + "' (" + event.configId() + ")" : event.configId())
                + " was removed (version " + event.version() + ")";
        return credentials.breakAliases(event.orgId(), event.configId(), reason, now)
                .chain(rows -> publish(rows, "removed", reason, now))
                .invoke(() -> LOG.infof("config %s removed: aliases flagged broken", event.configId()));
    }

    /**
     * An alias may only point at a configuration of its own organisation: any alias elsewhere
     * pointing at this configuration (the write-time check should make that impossible) is broken.
     */
    private Uni<Void> flagForeign(ConfigChangedEvent event, Instant now) {
        String reason = "OAuth configuration " + event.configId() + " belongs to another organisation";
        return credentials.breakForeignAliases(event.orgId(), event.configId(), reason, now)
                .chain(rows -> {
                    if (!rows.isEmpty()) {
                        LOG.warnf("%d aliases of other organisations pointed at config %s; flagged broken", rows.size(), event.configId());
                    }
                    return publish(rows, "foreign", reason, now);
                });
    }

    /**
     * Counter {@code alias.flagged} (tag {@code cause}: removed, foreign, reconciliation) counts the
     * aliases flagged BROKEN. Counted when the flagging statement has run inside the transaction: an
     * attempt that then rolls back (the database lost mid-transaction) and is retried counts twice.
     */
    private Uni<Void> publish(List<Flagged> rows, String cause, String reason, Instant now) {
        if (!rows.isEmpty()) {
            meters.counter("alias.flagged", "cause", cause).increment(rows.size());
        }
        return events.allBroken(rows.stream().map(r -> new AliasEvent(UUID.randomUUID(), r.orgId(), r.solutionId(), r.id(), r.name(),
                r.oauthConfigId(), "BROKEN", reason, now)).toList());
    }
}

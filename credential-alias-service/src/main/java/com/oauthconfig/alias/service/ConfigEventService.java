package com.oauthconfig.alias.service;

import com.oauthconfig.alias.event.AliasEventPublisher;
import com.oauthconfig.alias.repository.ConfigEventState;
import com.oauthconfig.alias.repository.ConfigEventStateRepository;
import com.oauthconfig.alias.repository.SolutionCredentialRepository;
import com.oauthconfig.alias.repository.SolutionCredentialRepository.Flagged;
import com.oauthconfig.common.events.ConfigEventConsumerBase;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
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
 * What configuration events do to the aliases. Common's consumer base decides which events apply
 * (exactly once per event id, in version order, nothing after a removal); this records the
 * versions and flags the aliases a removal breaks. Reconciliation flags them the same way.
 */
@ApplicationScoped
public class ConfigEventService {

    private static final Logger LOG = Logger.getLogger(ConfigEventService.class);

    private final ConfigEventStateRepository states;
    private final SolutionCredentialRepository credentials;
    private final AliasEventPublisher events;
    private final MeterRegistry meters;

    public ConfigEventService(ConfigEventStateRepository states, SolutionCredentialRepository credentials, AliasEventPublisher events,
                              MeterRegistry meters) {
        this.meters = meters;
        this.states = states;
        this.credentials = credentials;
        this.events = events;
    }

    /** Inside the consumer's transaction: the configuration's state, its row locked (serialises consumer instances). */
    public Uni<ConfigEventConsumerBase.Known> lockState(UUID configId) {
        return states.lockById(configId).map(s -> s == null ? null
                : new ConfigEventConsumerBase.Known(s.orgId, s.lastVersion, s.isRemoved()));
    }

    /**
     * Inside the consumer's transaction, for an event in version order: records its version (and
     * removal), flags aliases of other organisations pointing at the configuration and, on removal,
     * every alias of it; their events go to the outbox in the same transaction.
     */
    public Uni<Void> applyInOrder(OAuthConfigChangedEvent event) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        boolean removal = event.changeType() == ChangeType.REMOVED;
        // Already in the session, locked, when the configuration was seen before.
        return states.findById(event.configId()).chain(state -> {
            ConfigEventState s = state != null ? state : new ConfigEventState();
            s.configId = event.configId();
            s.orgId = event.orgId();
            // A removal is final even when it arrives after a newer-looking update.
            s.lastVersion = Math.max(state == null ? 0 : state.lastVersion, event.version());
            s.updatedAt = now;
            if (removal) {
                s.removedVersion = event.version();
                s.removedAt = now;
            }
            Uni<?> stored = state == null ? states.persist(s) : Uni.createFrom().voidItem();
            Uni<Void> flagged = stored.chain(() -> flagForeign(event, now));
            return removal ? flagged.chain(() -> flagRemoved(event, now)) : flagged;
        });
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

    private Uni<Void> flagRemoved(OAuthConfigChangedEvent event, Instant now) {
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
    private Uni<Void> flagForeign(OAuthConfigChangedEvent event, Instant now) {
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
        return events.allBroken(rows.stream().map(r -> new AliasEventPublisher.Broken(r.orgId(), r.solutionId(), r.id(), r.name(),
                r.oauthConfigId())).toList(), reason, now);
    }
}

package com.oauthconfig.alias.service;

import com.oauthconfig.alias.event.AliasEventPublisher;
import com.oauthconfig.alias.repository.SolutionCredentialRepository;
import com.oauthconfig.alias.repository.SolutionCredentialRepository.Flagged;
import com.oauthconfig.common.events.ConfigEventConsumerBase;
import com.oauthconfig.common.sql.PipelinedTransaction;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent;
import com.oauthconfig.contracts.config.OAuthConfigChangedEvent.ChangeType;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What configuration events do to the aliases. Common's consumer base decides which events apply
 * (each version once, in version order, nothing after a removal); this records the
 * versions and flags the aliases a removal breaks. Reconciliation flags them the same way.
 */
@ApplicationScoped
public class ConfigEventService {

    private static final Logger LOG = Logger.getLogger(ConfigEventService.class);

    private final Pool pool;
    private final AliasEventPublisher events;
    private final MeterRegistry meters;

    public ConfigEventService(Pool pool, AliasEventPublisher events, MeterRegistry meters) {
        this.pool = pool;
        this.events = events;
        this.meters = meters;
    }

    /**
     * Inside the consumer's transaction, for an event in version order: records its version (and
     * removal), flags aliases of other organisations pointing at the configuration and, on removal,
     * every alias of it; their events go to the outbox in the same transaction.
     */
    public Uni<Void> applyInOrder(SqlConnection tx, OAuthConfigChangedEvent event, ConfigEventConsumerBase.Known known) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        boolean removal = event.changeType() == ChangeType.REMOVED;
        String foreignReason = "OAuth configuration " + event.configId() + " belongs to another organisation";
        // The state write and the search for foreign aliases are sent together (one round trip; the
        // client pipelines them and PostgreSQL runs them in order); the state write's failure comes first.
        Uni<Void> flagged = Uni.combine().all()
                .unis(recordVersion(tx, event, known, removal, now),
                        SolutionCredentialRepository.breakForeignAliases(tx, event.orgId(), event.configId(), foreignReason, now))
                .with((stored, foreign) -> foreign)
                .chain(foreign -> flaggedForeign(tx, event, foreign, foreignReason, now));
        return removal ? flagged.chain(() -> flagRemoved(tx, event, now)) : flagged;
    }

    /**
     * The state row: inserted for a configuration's first event (a second consumer instance racing
     * on the same first event fails on the key and retries, then finds the row), otherwise updated
     * under the lock taken above. A removal is final even when it arrives after a newer-looking update.
     */
    private static Uni<Void> recordVersion(SqlConnection tx, OAuthConfigChangedEvent event, ConfigEventConsumerBase.Known known,
                                           boolean removal, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        Long removedVersion = removal ? event.version() : null;
        OffsetDateTime removedAt = removal ? at : null;
        String sql = known == null
                ? "insert into config_event_state (config_id, org_id, last_version, removed_version, removed_at, updated_at) "
                  + "values ($1, $2, $3, $4, $5, $6)"
                : "update config_event_state set org_id = $2, last_version = greatest(last_version, $3), "
                  + "removed_version = coalesce($4, removed_version), removed_at = coalesce($5, removed_at), updated_at = $6 "
                  + "where config_id = $1";
        return tx.preparedQuery(sql)
                .execute(Tuple.from(Arrays.asList(event.configId(), event.orgId(), event.version(), removedVersion, removedAt, at)))
                .replaceWithVoid();
    }

    /**
     * Reconciliation found that the config-service no longer knows a configuration some aliases
     * still point at (its removal event was missed): flag them as a removal would.
     */
    public Uni<Integer> flagMissing(String orgId, UUID configId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String reason = "OAuth configuration " + configId + " no longer exists at the config-service (found by reconciliation)";
        return PipelinedTransaction.run(pool, tx -> SolutionCredentialRepository.breakAliases(tx, orgId, configId, reason, now)
                .call(rows -> publish(tx, rows, "reconciliation", reason, now))
                .map(List::size));
    }

    private Uni<Void> flagRemoved(SqlConnection tx, OAuthConfigChangedEvent event, Instant now) {
        String title = event.title();
        String reason = "OAuth configuration " + (title != null ? "'" + title + "' (" + event.configId() + ")" : event.configId())
                + " was removed (version " + event.version() + ")";
        return SolutionCredentialRepository.breakAliases(tx, event.orgId(), event.configId(), reason, now)
                .chain(rows -> publish(tx, rows, "removed", reason, now))
                .invoke(() -> LOG.infof("config %s removed: aliases flagged broken", event.configId()));
    }

    /**
     * An alias may only point at a configuration of its own organisation: any alias elsewhere
     * pointing at this configuration (the write-time check should make that impossible) has been
     * flagged broken; this logs and announces them.
     */
    private Uni<Void> flaggedForeign(SqlConnection tx, OAuthConfigChangedEvent event, List<Flagged> rows, String reason, Instant now) {
        if (!rows.isEmpty()) {
            LOG.warnf("%d aliases of other organisations pointed at config %s; flagged broken", rows.size(), event.configId());
        }
        return publish(tx, rows, "foreign", reason, now);
    }

    /**
     * Counter {@code alias.flagged} (tag {@code cause}: removed, foreign, reconciliation) counts the
     * aliases flagged BROKEN. Counted when the flagging statement has run inside the transaction: an
     * attempt that then rolls back (the database lost mid-transaction) and is retried counts twice.
     */
    private Uni<Void> publish(SqlConnection tx, List<Flagged> rows, String cause, String reason, Instant now) {
        if (!rows.isEmpty()) {
            meters.counter("alias.flagged", "cause", cause).increment(rows.size());
        }
        return events.allBroken(tx, rows.stream().map(r -> new AliasEventPublisher.Broken(r.orgId(), r.solutionId(), r.id(), r.name(),
                r.oauthConfigId())).toList(), reason, now);
    }
}
